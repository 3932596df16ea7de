import { randomUUID } from 'node:crypto';
import type { MessageMethods } from '../method-groups.js';
import type { NewMessage } from '../store.js';
import { appendBatcher } from './append-batch.js';
import { patchParams } from './patch.js';
import { one, payloadText, toMessage, toReceipt } from './rows.js';
import { MESSAGE_PATCH, type Sqlite } from './statements.js';

/** The message log and read receipts: per-room seqs, idempotent appends, monotonic receipts. */
export function messageMethods({ db, q, beforeClose }: Sqlite): MessageMethods {
  const appendOne = (message: NewMessage) => {
    const existing = q.messageByClientId.get(message.roomId, message.authorId, message.clientId);
    if (existing) return { message: toMessage(existing), created: false };
    const seq = q.takeSeq.get(message.roomId);
    if (seq === undefined) throw new Error(`appendMessage: no room ${message.roomId}`);
    const row = q.insertMessage.get({
      id: randomUUID(),
      room_id: message.roomId,
      author_id: message.authorId,
      kind: message.kind ?? 'USER',
      seq,
      client_id: message.clientId,
      body: message.body,
      encrypted: payloadText(message.encrypted),
      created_at: Date.now(),
      edited_at: null,
      deleted_at: null,
    });
    return { message: toMessage(row!), created: true };
  };
  const appends = appendBatcher(db, appendOne);
  beforeClose.push(appends.flush);

  const advanceReceipt = db.transaction((roomId: string, userId: string, seq: number, readAt: Date) => {
    q.upsertReceipt.run({ room_id: roomId, user_id: userId, last_read_seq: seq, read_at: readAt.getTime() });
    return toReceipt(q.receipt.get(roomId, userId)!);
  });

  return {
    appendMessage(message) {
      // Batched per turn of the event loop (append-batch.ts), in an IMMEDIATE transaction: it
      // takes the write lock before the look-up, so two processes cannot both miss it.
      return appends.append(message);
    },
    async getMessage(id) {
      return one(q.messageById.get(id), toMessage);
    },
    async listMessages(roomId, range) {
      const window = {
        roomId,
        afterSeq: range.afterSeq ?? 0,
        beforeSeq: range.beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit: range.limit,
      };
      if (range.from === 'oldest') return q.messagesOldest.all(window).map(toMessage);
      return q.messagesNewest.all(window).reverse().map(toMessage);
    },
    async updateMessage(id, patch) {
      return one(q.updateMessage.get({ id, ...patchParams(patch, MESSAGE_PATCH) }), toMessage);
    },
    async lastMessage(roomId) {
      return one(q.lastMessage.get(roomId), toMessage);
    },
    async countMessagesAfter(roomId, afterSeq, excludeAuthorId) {
      return q.countMessagesAfter.get({ roomId, afterSeq, excludeAuthorId }) ?? 0;
    },
    async listMessagesByAuthor(authorId, page) {
      // Without a cursor, (-1, '') precedes every (created_at, id).
      const { createdAt, id } = page.after ?? { createdAt: new Date(-1), id: '' };
      return q.messagesByAuthor.all({ authorId, createdAt: createdAt.getTime(), id, limit: page.limit }).map(toMessage);
    },
    async tombstoneMessagesByAuthor(authorId, at) {
      return q.tombstoneByAuthor.run({ authorId, at: at.getTime() }).changes;
    },
    async expireMessages(roomId, createdBefore, at) {
      return q.expireMessages.run({ roomId, createdBefore: createdBefore.getTime(), at: at.getTime() }).changes;
    },

    async advanceReceipt(roomId, userId, seq, readAt) {
      return advanceReceipt.immediate(roomId, userId, seq, readAt);
    },
    async getReceipt(roomId, userId) {
      return one(q.receipt.get(roomId, userId), toReceipt);
    },
    async listReceipts(roomId) {
      return q.receiptsInRoom.all(roomId).map(toReceipt);
    },
  };
}
