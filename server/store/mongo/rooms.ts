import { type QueryFilter, Types } from 'mongoose';
import type { RoomMethods } from '../method-groups.js';
import type { MembershipDoc, Models } from './models.js';
import { findRecord, parseId, parseIds, requireId, toRoom, updateRecord } from './records.js';
import { isDuplicateKey } from './write-errors.js';

// Join order is (joinedAt, _id). Every membership _id is made here rather than by the
// server, so within one millisecond the ObjectId counter keeps the order of the calls.
const joinOrder = { joinedAt: 1, _id: 1 } as const;

/** Rooms and who is in them. */
export function roomMethods({ Room, Membership }: Models): RoomMethods {
  /** Served (and covered) by the {userId, roomId} index. */
  const joinedRoomIds = async (userId: string): Promise<Types.ObjectId[]> => {
    const user = parseId(userId);
    if (!user) return [];
    const docs = await Membership.find({ userId: user }, { roomId: 1, _id: 0 }).sort({ roomId: 1 }).lean();
    return docs.map((m) => m.roomId);
  };

  return {
    async createRoom(input) {
      const createdBy = requireId(input.createdBy, 'creator');
      // Refuse a malformed member before writing anything.
      for (const id of input.memberIds) requireId(id, 'member');
      const room = await Room.create({
        name: input.name,
        kind: input.kind,
        encrypted: input.encrypted,
        allowGuests: input.allowGuests,
        createdBy,
      });
      const joinedAt = room.createdAt;
      const members = parseIds(input.memberIds).map((userId) => ({
        _id: new Types.ObjectId(),
        roomId: room._id,
        userId,
        joinedAt,
      }));
      try {
        if (members.length > 0) {
          await Membership.insertMany(members, { ordered: false, throwOnValidationError: true });
        }
      } catch (error) {
        // No transaction: undo the room so a failed call leaves no memberless room behind.
        await Membership.deleteMany({ roomId: room._id }).catch(() => undefined);
        await Room.deleteOne({ _id: room._id }).catch(() => undefined);
        throw error;
      }
      return toRoom(room.toObject());
    },

    getRoom: (id) => findRecord(Room, id, toRoom),

    updateRoom: (id, { name, retentionDays }) => updateRecord(Room, id, { name, retentionDays }, toRoom),

    async listAllRooms(page) {
      const limit = Math.floor(page.limit);
      if (!(limit > 0)) return [];
      let filter = {};
      if (page.afterId !== undefined) {
        const after = parseId(page.afterId);
        // No room can follow an id that is not one.
        if (!after) return [];
        filter = { _id: { $gt: after } };
      }
      const docs = await Room.find(filter).sort({ _id: 1 }).limit(limit).lean();
      return docs.map(toRoom);
    },

    async listMemberRoomIds(userId) {
      return (await joinedRoomIds(userId)).map((id) => id.toHexString());
    },

    async listVisibleRooms(userId) {
      const joined = await joinedRoomIds(userId);
      const filter =
        joined.length > 0
          ? { $or: [{ kind: 'PUBLIC' as const }, { _id: { $in: joined } }] }
          : { kind: 'PUBLIC' as const };
      const docs = await Room.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
      return docs.map(toRoom);
    },

    async addMember(roomId, userId) {
      const key = { roomId: parseId(roomId), userId: parseId(userId) };
      if (!key.roomId || !key.userId) return false;
      try {
        const result = await Membership.updateOne(
          key,
          { $setOnInsert: { _id: new Types.ObjectId(), joinedAt: new Date() } },
          { upsert: true },
        );
        return result.upsertedCount === 1;
      } catch (error) {
        // A concurrent addMember inserted it first: the user was a member before this call.
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async removeMember(roomId, userId) {
      const room = parseId(roomId);
      const user = parseId(userId);
      if (!room || !user) return false;
      const result = await Membership.deleteOne({ roomId: room, userId: user });
      return result.deletedCount === 1;
    },

    async isMember(roomId, userId) {
      const room = parseId(roomId);
      const user = parseId(userId);
      if (!room || !user) return false;
      return (await Membership.exists({ roomId: room, userId: user })) !== null;
    },

    async listMemberIds(roomId, page = {}) {
      const room = parseId(roomId);
      if (!room) return [];
      const filter: QueryFilter<MembershipDoc> = { roomId: room };
      if (page.afterUserId !== undefined) {
        const after = parseId(page.afterUserId);
        const cursor = after && (await Membership.findOne({ roomId: room, userId: after }).lean());
        // The cursor's user left the room: its place in the order is gone with it.
        if (!cursor) return [];
        filter.$or = [{ joinedAt: { $gt: cursor.joinedAt } }, { joinedAt: cursor.joinedAt, _id: { $gt: cursor._id } }];
      }
      let query = Membership.find(filter, { userId: 1, _id: 0 }).sort(joinOrder);
      if (page.limit !== undefined) {
        const limit = Math.floor(page.limit);
        if (!(limit > 0)) return [];
        query = query.limit(limit);
      }
      const docs = await query.lean();
      return docs.map((m) => m.userId.toHexString());
    },

    async bumpKeyVersion(roomId) {
      const _id = requireId(roomId, 'room');
      const room = await Room.findOneAndUpdate(
        { _id },
        { $inc: { keyVersion: 1 } },
        { returnDocument: 'after', projection: { keyVersion: 1 } },
      ).lean();
      if (!room) throw new Error('mongo store: bumpKeyVersion on a room that does not exist');
      return room.keyVersion;
    },
  };
}
