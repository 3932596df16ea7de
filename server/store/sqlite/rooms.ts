import { randomUUID } from 'node:crypto';
import type { RoomMethods } from '../method-groups.js';
import { patchParams } from './patch.js';
import { bit, one, toRoom } from './rows.js';
import { ROOM_PATCH, type Sqlite } from './statements.js';

/** Rooms and who is in them. */
export function roomMethods({ db, q }: Sqlite): RoomMethods {
  return {
    async createRoom(room) {
      const create = db.transaction(() => {
        const row = q.insertRoom.get({
          id: randomUUID(),
          name: room.name,
          kind: room.kind,
          encrypted: bit(room.encrypted),
          allow_guests: bit(room.allowGuests),
          created_by: room.createdBy,
          last_seq: 0,
          key_version: 1,
          retention_days: null,
          created_at: Date.now(),
        })!;
        for (const userId of room.memberIds) q.insertMember.run({ roomId: row.id, userId, now: row.created_at });
        return toRoom(row);
      });
      return create.immediate();
    },
    async getRoom(id) {
      return one(q.roomById.get(id), toRoom);
    },
    async updateRoom(id, patch) {
      return one(q.updateRoom.get({ id, ...patchParams(patch, ROOM_PATCH) }), toRoom);
    },
    async listAllRooms(page) {
      // '' sorts before every id.
      return q.allRooms.all({ afterId: page.afterId ?? '', limit: page.limit }).map(toRoom);
    },
    async listMemberRoomIds(userId) {
      return q.memberRoomIds.all(userId);
    },
    async listVisibleRooms(userId) {
      return q.visibleRooms.all(userId).map(toRoom);
    },
    async addMember(roomId, userId) {
      return q.insertMember.run({ roomId, userId, now: Date.now() }).changes === 1;
    },
    async removeMember(roomId, userId) {
      return q.deleteMember.run(roomId, userId).changes === 1;
    },
    async isMember(roomId, userId) {
      return q.isMember.get(roomId, userId) !== undefined;
    },
    async listMemberIds(roomId, page = {}) {
      // LIMIT -1 is SQLite for "no limit".
      return q.memberIds.all({ roomId, afterUserId: page.afterUserId ?? null, limit: page.limit ?? -1 });
    },
    async bumpKeyVersion(roomId) {
      const version = q.bumpKeyVersion.get(roomId);
      if (version === undefined) throw new Error(`bumpKeyVersion: no room ${roomId}`);
      return version;
    },
  };
}
