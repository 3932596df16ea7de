import type { QueryFilter } from 'mongoose';
import type { MessageMethods } from '../method-groups.js';
import { appendClaims, untilStored } from './append-claims.js';
import type { MessageDoc, Models } from './models.js';
import { findRecord, parseId, requireId, toMessage, toReceipt, updateRecord } from './records.js';
import { isDuplicateKey } from './write-errors.js';

/** The message log and read receipts: per-room seqs, idempotent appends, monotonic receipts. */
export function messageMethods({ Message, Room, Receipt, AppendClaim }: Models): MessageMethods {
  const claims = appendClaims(AppendClaim);
  /**
   * Tombstones the live messages matching `filter`. Each document's update is atomic and
   * requires deletedAt null, so however calls overlap every message is counted once.
   */
  const tombstone = async (filter: QueryFilter<MessageDoc>, at: Date) => {
    const result = await Message.updateMany(
      { ...filter, deletedAt: null },
      { $set: { body: null, encrypted: null, deletedAt: at } },
    );
    return result.modifiedCount;
  };

  return {
    async appendMessage(input) {
      const roomId = requireId(input.roomId, 'room');
      const authorId = requireId(input.authorId, 'author');
      const key = { roomId, authorId, clientId: input.clientId };
      // Read at majority: a message another attempt is still writing is acknowledged to this
      // caller only once it can no longer be rolled back by a failover.
      const stored = async () => {
        const doc = await Message.findOne(key).readConcern('majority').lean();
        return doc ? { message: toMessage(doc), created: false } : null;
      };
      const earlier = await stored();
      if (earlier) return earlier;

      // Refuse a malformed message before a claim or a seq is spent on it.
      const message = new Message({
        ...key,
        kind: input.kind ?? 'USER',
        seq: 0,
        body: input.body,
        encrypted: input.encrypted,
      });
      await message.validate();

      const claim = await claims.claimOrWait(key, stored);
      if ('stored' in claim) return claim.stored;
      try {
        // $inc on one document is atomic, so no two appends ever get the same seq.
        const room = await Room.findOneAndUpdate(
          { _id: roomId },
          { $inc: { lastSeq: 1 } },
          { returnDocument: 'after', projection: { lastSeq: 1 } },
        ).lean();
        if (!room) throw new Error('mongo store: appendMessage to a room that does not exist');
        message.seq = room.lastSeq;
        // Dated when numbered, not at the first look: a message stored after a wait must not
        // date from before messages that took earlier seqs.
        message.createdAt = new Date();
        await message.save();
        return { message: toMessage(message.toObject()), created: true };
      } catch (error) {
        // Another attempt stored the message: one that took this one's claim over (it stalled
        // past the grace), or one whose failed claim was released although its insert landed.
        // Its seq stands, and ours is a hole readers tolerate. That insert may still be waiting
        // for its majority (the read above is at majority): it is given the write bound to land.
        if (isDuplicateKey(error, 'clientId')) {
          const winner = await untilStored(stored);
          if (winner) return winner;
        }
        await claims.release(key, claim.token);
        throw error;
      }
    },

    getMessage: (id) => findRecord(Message, id, toMessage),

    async listMessages(roomId, range) {
      const room = parseId(roomId);
      const limit = Math.floor(range.limit);
      // limit(0) would mean "no limit" to MongoDB.
      if (!room || !(limit > 0)) return [];
      const seq: { $gt?: number; $lt?: number } = {};
      if (range.afterSeq !== undefined) seq.$gt = range.afterSeq;
      if (range.beforeSeq !== undefined) seq.$lt = range.beforeSeq;
      const filter: QueryFilter<MessageDoc> = { roomId: room };
      if (seq.$gt !== undefined || seq.$lt !== undefined) filter.seq = seq;
      // Both directions walk the unique {roomId, seq} index; no sort happens in memory.
      const newest = range.from === 'newest';
      const docs = await Message.find(filter)
        .sort({ seq: newest ? -1 : 1 })
        .limit(limit)
        .lean();
      if (newest) docs.reverse();
      return docs.map(toMessage);
    },

    updateMessage: (id, { body, encrypted, editedAt, deletedAt }) =>
      updateRecord(Message, id, { body, encrypted, editedAt, deletedAt }, toMessage),

    async lastMessage(roomId) {
      const room = parseId(roomId);
      const doc = room && (await Message.findOne({ roomId: room }).sort({ seq: -1 }).lean());
      return doc ? toMessage(doc) : null;
    },

    async countMessagesAfter(roomId, afterSeq, excludeAuthorId) {
      const room = parseId(roomId);
      if (!room) return 0;
      const filter: QueryFilter<MessageDoc> = { roomId: room, seq: { $gt: afterSeq }, deletedAt: null };
      // A malformed id is nobody's, so it excludes nothing.
      const excluded = parseId(excludeAuthorId);
      if (excluded) filter.authorId = { $ne: excluded };
      return Message.countDocuments(filter);
    },

    async listMessagesByAuthor(authorId, page) {
      const author = parseId(authorId);
      const limit = Math.floor(page.limit);
      if (!author || !(limit > 0)) return [];
      const filter: QueryFilter<MessageDoc> = { authorId: author };
      if (page.after) {
        const after = parseId(page.after.id);
        if (!after) return [];
        // One range on {authorId, createdAt, _id}; the $or only drops the cursor's own
        // millisecond up to and including the cursor.
        filter.createdAt = { $gte: page.after.createdAt };
        filter.$or = [{ createdAt: { $gt: page.after.createdAt } }, { _id: { $gt: after } }];
      }
      const docs = await Message.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map(toMessage);
    },

    async tombstoneMessagesByAuthor(authorId, at) {
      const author = parseId(authorId);
      return author ? tombstone({ authorId: author }, at) : 0;
    },

    async expireMessages(roomId, createdBefore, at) {
      const room = parseId(roomId);
      // SYSTEM notices expire too: retention is about age, not authorship.
      return room ? tombstone({ roomId: room, createdAt: { $lt: createdBefore } }, at) : 0;
    },

    async advanceReceipt(roomId, userId, seq, readAt) {
      const key = { roomId: requireId(roomId, 'room'), userId: requireId(userId, 'user') };
      // Matches only a receipt that is behind (or none), so it never moves one backwards,
      // however calls interleave.
      const forward = (upsert: boolean) =>
        Receipt.updateOne({ ...key, lastReadSeq: { $lt: seq } }, { $set: { lastReadSeq: seq, readAt } }, { upsert });
      try {
        await forward(true);
      } catch (error) {
        // The receipt exists: the upsert tried to insert a second one because the existing
        // one was not behind, or because a concurrent first advance inserted it meanwhile,
        // possibly with a lower seq. Now that it exists, a plain conditional update settles
        // both cases without losing this advance.
        if (!isDuplicateKey(error)) throw error;
        await forward(false);
      }
      const stored = await Receipt.findOne(key).lean();
      if (!stored) throw new Error('mongo store: receipt vanished after advanceReceipt');
      return toReceipt(stored);
    },

    async getReceipt(roomId, userId) {
      const room = parseId(roomId);
      const user = parseId(userId);
      const doc = room && user && (await Receipt.findOne({ roomId: room, userId: user }).lean());
      return doc ? toReceipt(doc) : null;
    },

    async listReceipts(roomId) {
      const room = parseId(roomId);
      if (!room) return [];
      const docs = await Receipt.find({ roomId: room }).sort({ userId: 1 }).lean();
      return docs.map(toReceipt);
    },
  };
}
