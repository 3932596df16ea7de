import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { type MessagePatch, type NewMessage, type Store, StoreConflictError } from '../store.js';
import { openDatabase } from './connection.js';
import {
  bit,
  epoch,
  payloadText,
  toDevice,
  toKeyBackup,
  toMessage,
  toReceipt,
  toRoom,
  toSession,
  toUser,
  toWrappedKey,
} from './rows.js';
import { prepareStatements } from './statements.js';

/**
 * Opens (creating it and its directory when missing) the SQLite database at `filePath`
 * and brings its schema up to date. Several server processes may share the file.
 */
export function openSqliteStore(filePath: string): Store {
  const db = openDatabase(filePath);
  const q = prepareStatements(db);
  const one = <R, T>(row: R | undefined, map: (row: R) => T): T | null => (row === undefined ? null : map(row));

  const appendMessage = db.transaction((message: NewMessage) => {
    const existing = q.messageByClientId.get(message.roomId, message.authorId, message.clientId);
    if (existing) return { message: toMessage(existing), created: false };
    const seq = q.takeSeq.get(message.roomId);
    if (seq === undefined) throw new Error(`appendMessage: no room ${message.roomId}`);
    const row = q.insertMessage.get({
      id: randomUUID(),
      room_id: message.roomId,
      author_id: message.authorId,
      seq,
      client_id: message.clientId,
      body: message.body,
      encrypted: payloadText(message.encrypted),
      created_at: Date.now(),
      edited_at: null,
      deleted_at: null,
    });
    return { message: toMessage(row!), created: true };
  });

  const advanceReceipt = db.transaction((roomId: string, userId: string, seq: number, readAt: Date) => {
    q.upsertReceipt.run({ room_id: roomId, user_id: userId, last_read_seq: seq, read_at: readAt.getTime() });
    return toReceipt(q.receipt.get(roomId, userId)!);
  });

  return {
    kind: 'sqlite',

    async createUser(user) {
      const row = withConflicts(() =>
        q.insertUser.get({
          id: randomUUID(),
          handle: user.handle.toLowerCase(),
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash ?? null,
          portal_subject_hash: user.portalSubjectHash ?? null,
          created_at: Date.now(),
        }),
      );
      return toUser(row!);
    },
    async getUser(id) {
      return one(q.userById.get(id), toUser);
    },
    async getUsers(ids) {
      return q.usersByIds.all(JSON.stringify(ids)).map(toUser);
    },
    async getUserByHandle(handle) {
      return one(q.userByHandle.get(handle), toUser);
    },
    async getUserByPortalSubject(subjectHash) {
      return one(q.userByPortalSubject.get(subjectHash), toUser);
    },
    async updateUser(id, patch) {
      const row = q.updateUser.get({ id, displayName: patch.displayName ?? null, role: patch.role ?? null });
      return one(row, toUser);
    },
    async searchUsers(query) {
      const folded = query.search ? query.search.toLowerCase() : null;
      return q.searchUsers
        .all({
          role: query.role ?? null,
          folded,
          handlePattern: folded === null ? null : `${folded.replace(/[\\%_]/g, '\\$&')}%`,
          afterHandle: query.afterHandle?.toLowerCase() ?? null,
          limit: query.limit,
        })
        .map(toUser);
    },

    async createSession(session) {
      const row = withConflicts(() =>
        q.insertSession.get({
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: Date.now(),
          expires_at: session.expiresAt.getTime(),
          revoked_at: null,
        }),
      );
      return toSession(row!);
    },
    async getSession(tokenHash) {
      return one(q.sessionByToken.get(tokenHash), toSession);
    },
    async revokeSession(tokenHash) {
      return q.revokeSession.run({ tokenHash, now: Date.now() }).changes === 1;
    },

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

    async appendMessage(message) {
      // IMMEDIATE takes the write lock before the look-up, so two processes cannot both miss it.
      return appendMessage.immediate(message);
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
      return one(q.updateMessage.get(messageUpdate(id, patch)), toMessage);
    },
    async lastMessage(roomId) {
      return one(q.lastMessage.get(roomId), toMessage);
    },
    async countMessagesAfter(roomId, afterSeq, excludeAuthorId) {
      return q.countMessagesAfter.get({ roomId, afterSeq, excludeAuthorId }) ?? 0;
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

    async createDevice(device) {
      const row = q.insertDevice.get({
        id: randomUUID(),
        user_id: device.userId,
        box_public_key: device.boxPublicKey,
        sign_public_key: device.signPublicKey,
        created_at: Date.now(),
      });
      return toDevice(row!);
    },
    async getDevice(id) {
      return one(q.deviceById.get(id), toDevice);
    },
    async listDevices(userId) {
      return q.devicesByUser.all(userId).map(toDevice);
    },
    async putWrappedKeys(keys) {
      const putAll = db.transaction(() => {
        for (const key of keys) {
          q.upsertWrappedKey.run({
            room_id: key.roomId,
            key_version: key.keyVersion,
            recipient_device_id: key.recipientDeviceId,
            sender_device_id: key.senderDeviceId,
            nonce: key.nonce,
            box: key.box,
          });
        }
      });
      putAll.immediate();
    },
    async listWrappedKeys(roomId, recipientDeviceId) {
      return q.wrappedKeys.all(roomId, recipientDeviceId).map(toWrappedKey);
    },
    async putKeyBackup(backup) {
      q.upsertKeyBackup.run({
        user_id: backup.userId,
        salt: backup.salt,
        iterations: backup.iterations,
        nonce: backup.nonce,
        ciphertext: backup.ciphertext,
        updated_at: backup.updatedAt.getTime(),
      });
    },
    async getKeyBackup(userId) {
      return one(q.keyBackup.get(userId), toKeyBackup);
    },

    async ping() {
      q.ping.get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

function messageUpdate(id: string, patch: MessagePatch) {
  const has = (key: keyof MessagePatch) => bit(patch[key] !== undefined);
  return {
    id,
    setBody: has('body'),
    body: patch.body ?? null,
    setEncrypted: has('encrypted'),
    encrypted: payloadText(patch.encrypted ?? null),
    setEditedAt: has('editedAt'),
    editedAt: epoch(patch.editedAt ?? null),
    setDeletedAt: has('deletedAt'),
    deletedAt: epoch(patch.deletedAt ?? null),
  };
}

/** Runs a write, turning a unique-index refusal into `StoreConflictError`. */
function withConflicts<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (
      error instanceof Database.SqliteError &&
      (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    ) {
      throw new StoreConflictError(constraintName(error.message));
    }
    throw error;
  }
}

/**
 * "UNIQUE constraint failed: users.portal_subject_hash" -> "portalSubjectHash"; several
 * columns are joined by "," ("roomId,userId"), as the Mongo adapter names them.
 */
function constraintName(message: string): string {
  const columns = message.slice(message.indexOf(':') + 1).split(',');
  return columns
    .map((column) => (column.trim().split('.').pop() ?? '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase()))
    .join(',');
}
