import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { roomById, userById } from '../schema/load.js';
import { UserRef } from '../users/users.schema.js';
import type { MuteShape } from './moderation.service.js';

const MuteRef = builder.objectRef<MuteShape>('Mute').implement({
  description: 'A user muted in a room: until then their sendMessage, editMessage and setTyping there are refused.',
  fields: (t) => ({
    room: t.field({
      type: RoomRef,
      description: 'The room.',
      resolve: (mute, _args, ctx) => roomById(ctx, mute.roomId),
    }),
    user: t.field({
      type: UserRef,
      description: 'Who is muted.',
      resolve: (mute, _args, ctx) => userById(ctx, mute.userId),
    }),
    until: t.expose('until', { type: 'DateTime', description: 'When the mute ends by itself.' }),
  }),
});

builder.objectFields(RoomRef, (t) => ({
  retentionDays: t.exposeInt('retentionDays', {
    nullable: true,
    description: 'Messages older than this many days are deleted (tombstoned) by a background sweep; null keeps them.',
  }),
  viewerMutedUntil: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the viewer is muted in this room, the end of the mute; else null.',
    resolve: (room, _args, ctx) => ctx.services.moderation.mutedUntil(ctx.viewer, room.id),
  }),
}));

const roomAndUser = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0], userText: string) => ({
  roomId: t.arg.id({ required: true, description: 'The room.' }),
  userId: t.arg.id({ required: true, description: userText }),
});

/** The store ids behind a moderation call's roomId and userId (null for ids of another type: NOT_FOUND). */
const targetOf = (args: { roomId: string | number; userId: string | number }) =>
  [localId(String(args.roomId), 'Room'), localId(String(args.userId), 'User')] as const;

builder.mutationFields((t) => ({
  muteUser: t.field({
    type: MuteRef,
    description:
      'Mutes a user in a room for a time (1 to 43,200 minutes); muting again replaces the end. Admins (PUBLIC and ' +
      'PRIVATE rooms), and mentors in rooms they belong to; mentors mute students and guests, admins anyone but admins.',
    authScopes: { signedIn: true },
    args: {
      ...roomAndUser(t, 'The user to mute.'),
      minutes: t.arg.int({ required: true, description: 'How long, in minutes (1 to 43,200: 30 days).' }),
    },
    resolve: (_root, args, ctx) => ctx.services.moderation.mute(ctx.viewer!, ...targetOf(args), args.minutes),
  }),
  unmuteUser: t.boolean({
    description: 'Lifts a mute; false when none was in force. Who may: as muteUser.',
    authScopes: { signedIn: true },
    args: roomAndUser(t, 'The muted user.'),
    resolve: (_root, args, ctx) => ctx.services.moderation.unmute(ctx.viewer!, ...targetOf(args)),
  }),
  kickFromRoom: t.field({
    type: RoomRef,
    description:
      'Removes someone from a PUBLIC room; their live subscriptions end at once. Who may: as muteUser. A public room ' +
      'stays open to them: mute them too to keep them quiet. PRIVATE rooms: removeRoomMember.',
    authScopes: { signedIn: true },
    args: {
      ...roomAndUser(t, 'The member to remove.'),
      reason: t.arg.string({ required: false, description: 'Kept in the audit log; at most 500 characters.' }),
    },
    resolve: (_root, args, ctx) => ctx.services.moderation.kick(ctx.viewer!, ...targetOf(args), args.reason),
  }),
  setRoomRetention: t.field({
    type: RoomRef,
    description:
      "Sets how long a room's messages are kept: 1 to 3,650 days, or null to keep them (the default). Admins only; " +
      'PUBLIC and PRIVATE rooms.',
    authScopes: { admin: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      days: t.arg.int({ required: false, description: 'Days to keep messages; null keeps them for ever.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.moderation.setRetention(ctx.viewer!, localId(String(args.roomId), 'Room'), args.days),
  }),
}));
