import { notFound } from '../errors.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import type { ReceiptRecord } from '../store/store.js';
import { perEvent } from '../subscriptions/per-event.js';
import { roomStream } from '../subscriptions/room-stream.js';
import { UserRef } from '../users/users.schema.js';

const ReadReceiptRef = builder.objectRef<ReceiptRecord>('ReadReceipt').implement({
  description: 'How far a member has read a room. Never moves backwards.',
  fields: (t) => ({
    room: t.field({
      type: RoomRef,
      description: 'The room.',
      resolve: async (r, _args, ctx) =>
        (await ctx.services.store.getRoom(r.roomId)) ?? Promise.reject(notFound('Room')),
    }),
    user: t.field({
      type: UserRef,
      description: 'The reader.',
      resolve: async (r, _args, ctx) => (await ctx.loaders.user.load(r.userId)) ?? Promise.reject(notFound('User')),
    }),
    lastReadSeq: t.exposeInt('lastReadSeq', { description: 'The seq of the last message read.' }),
    readAt: t.expose('readAt', { type: 'DateTime', description: 'When the receipt last moved.' }),
  }),
});

builder.objectFields(RoomRef, (t) => ({
  unreadCount: t.int({
    description: "Others' messages after the viewer's read receipt (0 when not a member).",
    resolve: (room, _args, ctx) => ctx.services.receipts.unreadCount(ctx.viewer, room),
  }),
  receipts: t.field({
    type: [ReadReceiptRef],
    description: "Every member's read receipt. Members only.",
    resolve: (room, _args, ctx) => ctx.services.receipts.list(ctx.viewer, room.id),
  }),
}));

builder.mutationFields((t) => ({
  markRead: t.field({
    type: ReadReceiptRef,
    description: 'Marks the room read up to a message. Never moves the receipt backwards. Members only.',
    authScopes: { signedIn: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      messageId: t.arg.id({ required: true, description: 'The last message read.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.receipts.markRead(
        ctx.viewer!,
        localId(String(args.roomId), 'Room'),
        localId(String(args.messageId), 'Message'),
      ),
  }),
}));

// One object per event for all subscribers: they then share one execution (server/execution/).
const receiptOf = perEvent((receipt: ReceiptRecord) => ({ ...receipt, readAt: new Date(receipt.readAt) }));

builder.subscriptionFields((t) => ({
  receipts: t.field({
    type: ReadReceiptRef,
    description: 'Read receipts moving in a room. Members only.',
    authScopes: { signedIn: true },
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    subscribe: async (_root, args, ctx) => {
      const room = await ctx.services.rooms.requireMember(ctx.viewer, localId(String(args.roomId), 'Room'));
      return roomStream(ctx, room.id, (event) => (event.type === 'receipt' ? receiptOf(event.receipt) : null));
    },
    resolve: (receipt) => receipt,
  }),
}));
