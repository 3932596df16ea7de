import { badInput, notFound } from '../errors.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId, seqCursor, seqFromCursor } from '../schema/ids.js';
import { connectionOf, DEFAULT_PAGE, pageSize } from '../schema/pagination.js';
import type { EncryptedPayloadRecord, MessageRecord } from '../store/store.js';
import { Channel } from '../subscriptions/channel.js';
import { messageFeed } from '../subscriptions/message-feed.js';
import { roomStream, watchRoom } from '../subscriptions/room-stream.js';
import { UserRef } from '../users/users.schema.js';

export const EncryptedPayloadRef = builder.objectRef<EncryptedPayloadRecord>('EncryptedPayload').implement({
  description: 'An end-to-end encrypted message body (tweetnacl secretbox, signed by the sender device).',
  fields: (t) => ({
    v: t.exposeInt('v', { description: 'Format version: 1.' }),
    keyVersion: t.exposeInt('keyVersion', { description: 'Room key version used to seal it.' }),
    senderDeviceId: t.exposeID('senderDeviceId', { description: 'Device that sealed and signed it.' }),
    nonce: t.exposeString('nonce', { description: 'base64, 24 bytes.' }),
    ciphertext: t.exposeString('ciphertext', { description: 'base64 secretbox of UTF-8 JSON {"body": "..."}.' }),
    signature: t.exposeString('signature', { description: 'base64, 64 bytes, Ed25519 detached.' }),
  }),
});

const EncryptedPayloadInput = builder.inputType('EncryptedPayloadInput', {
  description: 'An encrypted message body, as EncryptedPayload.',
  fields: (t) => ({
    v: t.int({ required: true, description: 'Format version: 1.' }),
    keyVersion: t.int({ required: true, description: 'Room key version used.' }),
    senderDeviceId: t.id({ required: true, description: "One of the caller's devices." }),
    nonce: t.string({ required: true, description: 'base64, 24 bytes.' }),
    ciphertext: t.string({ required: true, description: 'base64 secretbox output.' }),
    signature: t.string({ required: true, description: 'base64, 64 bytes.' }),
  }),
});

export const MessageRef = builder.objectRef<MessageRecord>('Message');

builder.node(MessageRef, {
  description: 'A message in a room.',
  id: { resolve: (message) => message.id },
  loadOne: (id, ctx) => ctx.services.messages.find(ctx.viewer, id),
  fields: (t) => ({
    room: t.field({
      type: RoomRef,
      description: 'The room it was sent in.',
      resolve: async (message, _args, ctx) => {
        const room = await ctx.services.store.getRoom(message.roomId);
        if (!room) throw notFound('Room');
        return room;
      },
    }),
    author: t.field({
      type: UserRef,
      description: 'Who sent it.',
      resolve: async (message, _args, ctx) => {
        const user = await ctx.loaders.user.load(message.authorId);
        if (!user) throw notFound('User');
        return user;
      },
    }),
    seq: t.exposeInt('seq', { description: 'Per room, strictly increasing in send order.' }),
    clientId: t.exposeString('clientId', { description: 'Made by the sending client; makes sending idempotent.' }),
    body: t.exposeString('body', { nullable: true, description: 'Null when encrypted or deleted.' }),
    encrypted: t.field({
      type: EncryptedPayloadRef,
      nullable: true,
      description: 'Null unless the room is encrypted (and the message not deleted).',
      resolve: (message) => message.encrypted,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true, description: 'When last edited.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'When deleted (a tombstone).' }),
    cursor: t.string({ description: 'This message as a connection cursor.', resolve: (m) => seqCursor(m.seq) }),
  }),
});

const MessageConnection = builder.connectionObject({
  type: MessageRef,
  name: 'MessageConnection',
  description: 'A page of messages, oldest first.',
});

builder.objectFields(RoomRef, (t) => ({
  messages: t.connection(
    {
      type: MessageRef,
      description:
        'History, oldest first. Members only. With no first/last, the newest 50. `last`/`before` page back in time.',
      resolve: async (room, args, ctx) => {
        const first = pageSize(args.first, 'first');
        const last = pageSize(args.last, 'last');
        if (first !== null && last !== null) throw badInput('Use first or last, not both.');
        const afterSeq = seqFromCursor(args.after) ?? undefined;
        const beforeSeq = seqFromCursor(args.before) ?? undefined;
        const from = first !== null ? 'oldest' : 'newest';
        const limit = first ?? last ?? DEFAULT_PAGE;
        const rows = await ctx.services.messages.page(ctx.viewer, room.id, {
          afterSeq,
          beforeSeq,
          limit: limit + 1,
          from,
        });
        const extra = rows.length > limit;
        const nodes = extra ? (from === 'oldest' ? rows.slice(0, limit) : rows.slice(1)) : rows;
        return connectionOf(nodes, (m) => seqCursor(m.seq), {
          next: from === 'oldest' ? extra : beforeSeq !== undefined,
          previous: from === 'newest' ? extra : afterSeq !== undefined,
        });
      },
    },
    MessageConnection,
  ),
  lastMessage: t.field({
    type: MessageRef,
    nullable: true,
    description: 'The newest message, for members; null otherwise.',
    resolve: async (room, _args, ctx) => {
      if (!ctx.viewer || !(await ctx.services.store.isMember(room.id, ctx.viewer.user.id))) return null;
      return ctx.services.store.lastMessage(room.id);
    },
  }),
}));

const SendMessageInput = builder.inputType('SendMessageInput', {
  description: 'A message: `body` in plaintext rooms, `encrypted` in encrypted rooms.',
  fields: (t) => ({
    roomId: t.id({ required: true, description: 'The room.' }),
    clientId: t.string({
      required: true,
      description: '1-64 chars made by the client; resending it never duplicates.',
    }),
    body: t.string({ required: false, description: '1-4,000 characters after trimming.' }),
    encrypted: t.field({ type: EncryptedPayloadInput, required: false, description: 'The sealed message.' }),
  }),
});

builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: MessageRef,
    description: 'Sends a message. Idempotent on (author, room, clientId). Members only.',
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: SendMessageInput, required: true, description: 'The message.' }) },
    resolve: async (_root, { input }, ctx) => {
      const roomId = localId(String(input.roomId), 'Room');
      // Charged before any work, so a refused send stores nothing (docs/limits.md).
      await ctx.services.limits.message(ctx.viewer!.user.id, { roomId, clientId: input.clientId });
      const message = await ctx.services.messages.send(ctx.viewer!, {
        roomId,
        clientId: input.clientId,
        body: input.body,
        encrypted: input.encrypted
          ? { ...input.encrypted, senderDeviceId: String(input.encrypted.senderDeviceId) }
          : null,
      });
      ctx.services.typing.clear(message.roomId, message.authorId);
      return message;
    },
  }),
  editMessage: t.field({
    type: MessageRef,
    description: 'Edits a plaintext message. Its author only.',
    authScopes: { signedIn: true },
    args: {
      id: t.arg.id({ required: true, description: 'The message.' }),
      body: t.arg.string({ required: true, description: 'The new body.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.messages.edit(ctx.viewer!, localId(String(args.id), 'Message'), args.body),
  }),
  deleteMessage: t.field({
    type: MessageRef,
    description: 'Deletes a message, leaving a tombstone (body null, deletedAt set).',
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true, description: 'The message.' }) },
    resolve: (_root, args, ctx) => ctx.services.messages.delete(ctx.viewer!, localId(String(args.id), 'Message')),
  }),
}));

/** `after` is a message id or a message cursor; both name a seq in this room. */
async function seqOfAfter(after: string, roomId: string, find: (id: string) => Promise<MessageRecord | null>) {
  const fromCursor = seqFromCursor(after);
  if (fromCursor !== null) return fromCursor;
  const message = await find(localId(after, 'Message') ?? '');
  if (!message || message.roomId !== roomId) throw badInput('`after` is not a message of this room.', 'after');
  return message.seq;
}

builder.subscriptionFields((t) => ({
  messageAdded: t.field({
    type: MessageRef,
    description:
      'New messages in a room. With `after`, first every message after that one in seq order, then live ones: no gap, no duplicate.',
    authScopes: { signedIn: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      after: t.arg.string({ required: false, description: 'A message id or cursor to resume after.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const room = await ctx.services.rooms.requireMember(ctx.viewer, localId(String(args.roomId), 'Room'));
      const afterSeq = args.after
        ? await seqOfAfter(args.after, room.id, (id) => ctx.services.messages.find(ctx.viewer, id))
        : null;
      const out = new Channel<MessageRecord>();
      const store = ctx.services.store;
      let offer: (message: MessageRecord) => void = () => {};
      // Listen first, then read the store: the feed orders and de-duplicates the seam.
      watchRoom(ctx, room.id, out, (event) => {
        if (event.type === 'message') offer(event.message);
      });
      offer = messageFeed(
        out,
        {
          load: (seq, limit) => store.listMessages(room.id, { afterSeq: seq, limit, from: 'oldest' }),
          // The newest stored message, not the room's counter (message-feed.ts); none yet: 0.
          // Only if its body cannot be opened does the counter stand in.
          currentSeq: async () => {
            try {
              return (await store.lastMessage(room.id))?.seq ?? 0;
            } catch {
              return (await store.getRoom(room.id))?.lastSeq ?? 0;
            }
          },
        },
        afterSeq,
      );
      return out;
    },
    resolve: (message) => message,
  }),
  messageChanged: t.field({
    type: MessageRef,
    description: 'Edits and deletions in a room.',
    authScopes: { signedIn: true },
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    subscribe: async (_root, args, ctx) => {
      const room = await ctx.services.rooms.requireMember(ctx.viewer, localId(String(args.roomId), 'Room'));
      return roomStream(ctx, room.id, (event) => (event.type === 'changed' ? event.message : null));
    },
    resolve: (message) => message,
  }),
}));
