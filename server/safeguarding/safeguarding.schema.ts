import { isSafeguardingLead } from '../auth/policy.js';
import { DeviceRef } from '../e2e/e2e.schema.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { globalId, localId } from '../schema/ids.js';
import { UserRef } from '../users/users.schema.js';
import type { ReviewableSession } from './safeguarding.service.js';

const ReviewableSessionRef = builder.objectRef<ReviewableSession>('ReviewableSession').implement({
  description:
    'A SESSION room as the safeguarding lead finds it before opening it for review: its name, participants and ' +
    'start, never its messages.',
  fields: (t) => ({
    roomId: t.id({
      description: "The session room's global id: pass it to openSessionForReview, then read it with room(id:).",
      resolve: (s) => globalId('Room', s.room.id),
    }),
    name: t.string({ description: "The session's name (its topic).", resolve: (s) => s.room.name }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the session started.',
      resolve: (s) => s.room.createdAt,
    }),
    participants: t.field({
      type: [UserRef],
      description: 'The mentor and the student, in join order.',
      resolve: async (s, _args, ctx) => {
        const users = new Map((await ctx.services.store.getUsers(s.participantIds)).map((u) => [u.id, u]));
        return s.participantIds.flatMap((id) => users.get(id) ?? []);
      },
    }),
    openedForReview: t.boolean({
      description: 'True when the viewer already opened this session for review (it can be read now).',
      resolve: (s) => s.opened,
    }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  safeguardingLead: t.boolean({
    description: "True for the school's designated safeguarding lead (an ADMIN who may open sessions for review).",
    resolve: (user) => isSafeguardingLead(user),
  }),
}));

builder.objectFields(RoomRef, (t) => ({
  safeguardingReviewers: t.field({
    type: [UserRef],
    description:
      "SESSION rooms: the school's safeguarding leads, who may open the session for review (visibly). Empty otherwise.",
    resolve: (room, _args, ctx) => ctx.services.safeguarding.reviewers(room),
  }),
  safeguardingDevices: t.field({
    type: [DeviceRef],
    description:
      "SESSION rooms: the safeguarding leads' devices; every key version of the session is also wrapped for them. " +
      'Empty otherwise.',
    resolve: async (room, _args, ctx) => (room.kind === 'SESSION' ? ctx.services.e2e.leadDevices() : []),
  }),
  reviewNotice: t.string({
    nullable: true,
    description:
      'SESSION rooms while a safeguarding lead is designated: "This session may be reviewed by the school\'s ' +
      'safeguarding lead". Null otherwise. Show it permanently.',
    resolve: (room, _args, ctx) => ctx.services.safeguarding.reviewNotice(room),
  }),
}));

builder.queryFields((t) => ({
  reviewableSessions: t.field({
    type: [ReviewableSessionRef],
    description:
      'The safeguarding lead only: the SESSION rooms a participant is in, newest first, to pick one to open for ' +
      'review. Names and participants only; nothing of what was said.',
    authScopes: { admin: true },
    args: { participantId: t.arg.id({ required: true, description: 'A mentor or student.' }) },
    resolve: (_root, args, ctx) =>
      ctx.services.safeguarding.sessionsOf(ctx.viewer!, localId(String(args.participantId), 'User')),
  }),
}));

builder.mutationFields((t) => ({
  setSafeguardingLead: t.field({
    type: UserRef,
    description:
      'Designates (or stops designating) an ADMIN as the safeguarding lead. Admins only; audited. Ending a ' +
      "designation starts a new key version in every session, so the former lead's keys open nothing new.",
    authScopes: { admin: true },
    args: {
      userId: t.arg.id({ required: true, description: 'An ADMIN.' }),
      enabled: t.arg.boolean({ required: true, description: 'True to designate, false to stop.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.safeguarding.setLead(ctx.viewer!, localId(String(args.userId), 'User'), args.enabled),
  }),
  openSessionForReview: t.field({
    type: RoomRef,
    description:
      'The safeguarding lead opens a SESSION room for review: audited, and announced to both participants by a ' +
      'SYSTEM message quoting the reason. Then the lead may read its history and the keys wrapped for their ' +
      'devices; never post or join.',
    authScopes: { admin: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The SESSION room.' }),
      reason: t.arg.string({ required: true, description: '10-500 characters, shown to both participants.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.safeguarding.openForReview(ctx.viewer!, localId(String(args.roomId), 'Room'), args.reason),
  }),
}));
