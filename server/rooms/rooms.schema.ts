import { builder, RoomKindEnum } from '../schema/builder.js';
import { keyCursor, keyFromCursor, localId } from '../schema/ids.js';
import { connectionOf, DEFAULT_PAGE, pageSize } from '../schema/pagination.js';
import type { RoomRecord } from '../store/store.js';
import { UserConnection, UserRef } from '../users/users.schema.js';

export const RoomRef = builder.objectRef<RoomRecord>('Room');

builder.node(RoomRef, {
  description: 'A conversation. PRIVATE and SESSION rooms exist only for their members.',
  id: { resolve: (room) => room.id },
  loadOne: (id, ctx) => ctx.services.rooms.find(ctx.viewer, id),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Shown in room lists.' }),
    kind: t.expose('kind', { type: RoomKindEnum, description: 'Who can see the room.' }),
    encrypted: t.exposeBoolean('encrypted', {
      description: 'True when end-to-end encrypted: the server holds ciphertext only.',
    }),
    allowGuests: t.exposeBoolean('allowGuests', { description: 'Whether guests may join (PUBLIC rooms).' }),
    keyVersion: t.exposeInt('keyVersion', {
      description: 'Current room key version (encrypted rooms); a new one is needed after a member leaves.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the room was created.' }),
    viewerIsMember: t.boolean({
      description: 'Whether the viewer is a member.',
      resolve: async (room, _args, ctx) =>
        Boolean(ctx.viewer) && (await ctx.services.store.isMember(room.id, ctx.viewer?.user.id ?? '')),
    }),
    members: t.connection(
      {
        type: UserRef,
        description: "Members in join order. Members only (and a session's safeguarding reviewer, after opening it).",
        resolve: async (room, args, ctx) => {
          await ctx.services.rooms.requireReader(ctx.viewer, room.id);
          const limit = pageSize(args.first, 'first') ?? DEFAULT_PAGE;
          const ids = await ctx.services.store.listMemberIds(room.id, {
            afterUserId: keyFromCursor(args.after),
            limit: limit + 1,
          });
          const users = await ctx.services.store.getUsers(ids.slice(0, limit));
          const byId = new Map(users.map((u) => [u.id, u]));
          const ordered = ids.slice(0, limit).flatMap((id) => byId.get(id) ?? []);
          return connectionOf(ordered, (u) => keyCursor(u.id), {
            next: ids.length > limit,
            previous: Boolean(args.after),
          });
        },
      },
      UserConnection,
    ),
  }),
});

const CreateRoomInput = builder.inputType('CreateRoomInput', {
  description: 'A new PUBLIC (admins) or PRIVATE (mentors and admins) room.',
  fields: (t) => ({
    name: t.string({ required: true, description: '1-80 characters.' }),
    kind: t.field({ type: RoomKindEnum, required: true, description: 'PUBLIC or PRIVATE.' }),
    allowGuests: t.boolean({ required: false, description: 'Let guests join (PUBLIC rooms). Default false.' }),
    encrypted: t.boolean({ required: false, description: 'End-to-end encrypt (PRIVATE rooms). Default false.' }),
    memberIds: t.idList({ required: false, description: 'Users to add at once; the creator is always a member.' }),
  }),
});

const StartMentoringSessionInput = builder.inputType('StartMentoringSessionInput', {
  description: 'A one-to-one encrypted session between the calling mentor and a student.',
  fields: (t) => ({
    studentId: t.id({ required: true, description: 'The student.' }),
    topic: t.string({ required: false, description: 'Becomes the room name.' }),
  }),
});

builder.queryFields((t) => ({
  rooms: t.field({
    type: [RoomRef],
    description:
      'Every PUBLIC room (for guests: those that allow guests), and the PRIVATE and SESSION rooms the viewer belongs to.',
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => (ctx.viewer ? ctx.services.rooms.list(ctx.viewer) : []),
  }),
  room: t.field({
    type: RoomRef,
    nullable: true,
    description: 'A room; null when missing or not visible.',
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true, description: 'The room.' }) },
    resolve: (_root, args, ctx) => ctx.services.rooms.find(ctx.viewer, localId(String(args.id), 'Room')),
  }),
}));

const signedIn = { signedIn: true } as const;
builder.mutationFields((t) => ({
  createRoom: t.field({
    type: RoomRef,
    description: 'Creates a room; the creator becomes a member.',
    authScopes: { member: true },
    args: { input: t.arg({ type: CreateRoomInput, required: true, description: 'The room.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.rooms.create(ctx.viewer!, {
        ...input,
        memberIds: (input.memberIds ?? []).map((id) => localId(String(id), 'User')),
      }),
  }),
  joinRoom: t.field({
    type: RoomRef,
    description: 'Joins a PUBLIC room (guests only where allowGuests).',
    authScopes: signedIn,
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    resolve: (_root, args, ctx) => ctx.services.rooms.join(ctx.viewer!, localId(String(args.roomId), 'Room')),
  }),
  leaveRoom: t.boolean({
    description: 'Leaves a room; false when the viewer was not a member.',
    authScopes: signedIn,
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    resolve: (_root, args, ctx) => ctx.services.rooms.leave(ctx.viewer!, localId(String(args.roomId), 'Room')),
  }),
  addRoomMember: t.field({
    type: RoomRef,
    description: 'Adds a member to a PRIVATE room: its creator, a mentor member, or an admin.',
    authScopes: signedIn,
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      userId: t.arg.id({ required: true, description: 'The user to add.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.rooms.addMember(
        ctx.viewer!,
        localId(String(args.roomId), 'Room'),
        localId(String(args.userId), 'User'),
      ),
  }),
  removeRoomMember: t.field({
    type: RoomRef,
    description: 'Removes a member from a PRIVATE room; their live subscriptions end at once.',
    authScopes: signedIn,
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      userId: t.arg.id({ required: true, description: 'The user to remove.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.rooms.removeMember(
        ctx.viewer!,
        localId(String(args.roomId), 'Room'),
        localId(String(args.userId), 'User'),
      ),
  }),
  startMentoringSession: t.field({
    type: RoomRef,
    description: 'Starts an encrypted SESSION room with exactly the calling mentor and one student. Mentors only.',
    authScopes: { mentor: true },
    args: { input: t.arg({ type: StartMentoringSessionInput, required: true, description: 'The session.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.rooms.startSession(ctx.viewer!, {
        studentId: localId(String(input.studentId), 'User'),
        topic: input.topic,
      }),
  }),
}));
