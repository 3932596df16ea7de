import type Database from 'better-sqlite3';
import type { MessagePatch, Store, UserPatch } from '../store.js';
import type { Role } from '../types.js';
import { type PatchColumns, patchAssignments } from './patch.js';
import type {
  DeviceRow,
  KeyBackupRow,
  MessageRow,
  ReceiptRow,
  RoomKeyVersionRow,
  RoomRow,
  SessionRow,
  UserRow,
  WrappedKeyRow,
} from './rows.js';

/** Folds case for display-name search; SQLite's own LIKE and lower() only fold ASCII. */
export const FOLD_FUNCTION = 'mentor_fold';

type Id = [string];

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  const sql = <P extends unknown[] | object, R = unknown>(source: string) => db.prepare<P, R>(source);
  return {
    ping: sql<[], number>('SELECT 1').pluck(),

    insertUser: sql<UserRow, UserRow>(`
      INSERT INTO users (id, handle, display_name, role, password_hash, portal_subject_hash, safeguarding_lead,
        created_at, deleted_at)
      VALUES (@id, @handle, @display_name, @role, @password_hash, @portal_subject_hash, @safeguarding_lead,
        @created_at, @deleted_at)
      RETURNING *`),
    userById: sql<Id, UserRow>('SELECT * FROM users WHERE id = ?'),
    usersByIds: sql<[idsJson: string], UserRow>(`
      SELECT users.* FROM json_each(?) AS wanted JOIN users ON users.id = wanted.value
      ORDER BY wanted.key`),
    userByHandle: sql<[handle: string], UserRow>('SELECT * FROM users WHERE handle = ?'),
    userByPortalSubject: sql<[hash: string], UserRow>('SELECT * FROM users WHERE portal_subject_hash = ?'),
    updateUser: sql<Patch, UserRow>(`UPDATE users SET ${patchAssignments(USER_PATCH)} WHERE id = @id RETURNING *`),
    safeguardingLeads: sql<[], UserRow>('SELECT * FROM users WHERE safeguarding_lead = 1 ORDER BY handle'),
    // Released handles are renamed 'deleted-<id>' by the service (see Store).
    deletedUsersHoldingHandles: sql<[before: number], UserRow>(`
      SELECT * FROM users WHERE deleted_at < ? AND substr(handle, 1, 8) <> 'deleted-' ORDER BY deleted_at, id`),
    searchUsers: sql<
      {
        role: Role | null;
        handlePattern: string | null;
        folded: string | null;
        afterHandle: string | null;
        limit: number;
      },
      UserRow
    >(`
      SELECT * FROM users
      WHERE role <> 'GUEST'
        AND (@role IS NULL OR role = @role)
        AND (@folded IS NULL
             OR handle LIKE @handlePattern ESCAPE '\\'
             OR instr(${FOLD_FUNCTION}(display_name), @folded) > 0)
        AND (@afterHandle IS NULL OR handle > @afterHandle)
      ORDER BY handle LIMIT @limit`),

    insertSession: sql<SessionRow, SessionRow>(`
      INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at)
      VALUES (@token_hash, @user_id, @created_at, @expires_at, @revoked_at) RETURNING *`),
    sessionByToken: sql<[tokenHash: string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    revokeSession: sql<{ tokenHash: string; now: number }>(`
      UPDATE sessions SET revoked_at = @now
      WHERE token_hash = @tokenHash AND revoked_at IS NULL AND expires_at > @now`),
    revokeUserSessions: sql<{ userId: string; now: number }, string>(`
      UPDATE sessions SET revoked_at = @now
      WHERE user_id = @userId AND revoked_at IS NULL AND expires_at > @now RETURNING token_hash`).pluck(),

    insertRoom: sql<RoomRow, RoomRow>(`
      INSERT INTO rooms (id, name, kind, encrypted, allow_guests, created_by, last_seq, key_version, retention_days,
        created_at)
      VALUES (@id, @name, @kind, @encrypted, @allow_guests, @created_by, @last_seq, @key_version, @retention_days,
        @created_at)
      RETURNING *`),
    roomById: sql<Id, RoomRow>('SELECT * FROM rooms WHERE id = ?'),
    updateRoom: sql<Patch, RoomRow>(`UPDATE rooms SET ${patchAssignments(ROOM_PATCH)} WHERE id = @id RETURNING *`),
    allRooms: sql<{ afterId: string; limit: number }, RoomRow>(
      'SELECT * FROM rooms WHERE id > @afterId ORDER BY id LIMIT @limit',
    ),
    memberRoomIds: sql<[userId: string], string>(
      'SELECT room_id FROM memberships WHERE user_id = ? ORDER BY room_id',
    ).pluck(),
    visibleRooms: sql<[userId: string], RoomRow>(`
      SELECT * FROM rooms WHERE kind = 'PUBLIC'
      UNION
      SELECT rooms.* FROM memberships JOIN rooms ON rooms.id = memberships.room_id
      WHERE memberships.user_id = ?
      ORDER BY created_at, id`),
    insertMember: sql<{ roomId: string; userId: string; now: number }>(`
      INSERT INTO memberships (room_id, user_id, join_seq, joined_at)
      SELECT @roomId, @userId, coalesce(max(join_seq), 0) + 1, @now FROM memberships WHERE room_id = @roomId
      ON CONFLICT (room_id, user_id) DO NOTHING`),
    deleteMember: sql<[roomId: string, userId: string]>('DELETE FROM memberships WHERE room_id = ? AND user_id = ?'),
    isMember: sql<[roomId: string, userId: string], number>(
      'SELECT 1 FROM memberships WHERE room_id = ? AND user_id = ?',
    ).pluck(),
    // A cursor user who has left since the previous page ends the listing (no join_seq to resume from).
    memberIds: sql<{ roomId: string; afterUserId: string | null; limit: number }, string>(`
      SELECT user_id FROM memberships
      WHERE room_id = @roomId
        AND join_seq > CASE WHEN @afterUserId IS NULL THEN 0 ELSE
          (SELECT join_seq FROM memberships WHERE room_id = @roomId AND user_id = @afterUserId) END
      ORDER BY join_seq LIMIT @limit`).pluck(),
    bumpKeyVersion: sql<Id, number>(
      'UPDATE rooms SET key_version = key_version + 1 WHERE id = ? RETURNING key_version',
    ).pluck(),

    messageByClientId: sql<[roomId: string, authorId: string, clientId: string], MessageRow>(
      'SELECT * FROM messages WHERE room_id = ? AND author_id = ? AND client_id = ?',
    ),
    takeSeq: sql<Id, number>('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').pluck(),
    insertMessage: sql<MessageRow, MessageRow>(`
      INSERT INTO messages (id, room_id, author_id, kind, seq, client_id, body, encrypted, created_at, edited_at,
        deleted_at)
      VALUES (@id, @room_id, @author_id, @kind, @seq, @client_id, @body, @encrypted, @created_at, @edited_at,
        @deleted_at)
      RETURNING *`),
    messageById: sql<Id, MessageRow>('SELECT * FROM messages WHERE id = ?'),
    messagesOldest: sql<MessageWindow, MessageRow>(`
      SELECT * FROM messages WHERE room_id = @roomId AND seq > @afterSeq AND seq < @beforeSeq
      ORDER BY seq ASC LIMIT @limit`),
    messagesNewest: sql<MessageWindow, MessageRow>(`
      SELECT * FROM messages WHERE room_id = @roomId AND seq > @afterSeq AND seq < @beforeSeq
      ORDER BY seq DESC LIMIT @limit`),
    updateMessage: sql<Patch, MessageRow>(
      `UPDATE messages SET ${patchAssignments(MESSAGE_PATCH)} WHERE id = @id RETURNING *`,
    ),
    lastMessage: sql<[roomId: string], MessageRow>(
      'SELECT * FROM messages WHERE room_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    countMessagesAfter: sql<{ roomId: string; afterSeq: number; excludeAuthorId: string }, number>(`
      SELECT count(*) FROM messages
      WHERE room_id = @roomId AND seq > @afterSeq AND deleted_at IS NULL AND author_id <> @excludeAuthorId`).pluck(),
    // A row-value comparison, so the cursor is one range on messages_by_author.
    messagesByAuthor: sql<{ authorId: string; createdAt: number; id: string; limit: number }, MessageRow>(`
      SELECT * FROM messages WHERE author_id = @authorId AND (created_at, id) > (@createdAt, @id)
      ORDER BY created_at, id LIMIT @limit`),
    tombstoneByAuthor: sql<{ authorId: string; at: number }>(`
      UPDATE messages SET body = NULL, encrypted = NULL, deleted_at = @at
      WHERE author_id = @authorId AND deleted_at IS NULL`),
    expireMessages: sql<{ roomId: string; createdBefore: number; at: number }>(`
      UPDATE messages SET body = NULL, encrypted = NULL, deleted_at = @at
      WHERE room_id = @roomId AND created_at < @createdBefore AND deleted_at IS NULL`),

    upsertReceipt: sql<ReceiptRow>(`
      INSERT INTO receipts (room_id, user_id, last_read_seq, read_at)
      VALUES (@room_id, @user_id, @last_read_seq, @read_at)
      ON CONFLICT (room_id, user_id) DO UPDATE
        SET last_read_seq = excluded.last_read_seq, read_at = excluded.read_at
        WHERE excluded.last_read_seq > receipts.last_read_seq`),
    receipt: sql<[roomId: string, userId: string], ReceiptRow>(
      'SELECT * FROM receipts WHERE room_id = ? AND user_id = ?',
    ),
    receiptsInRoom: sql<[roomId: string], ReceiptRow>('SELECT * FROM receipts WHERE room_id = ? ORDER BY user_id'),

    insertDevice: sql<Omit<DeviceRow, 'removed_at'>, DeviceRow>(`
      INSERT INTO devices (id, user_id, box_public_key, sign_public_key, created_at)
      VALUES (@id, @user_id, @box_public_key, @sign_public_key, @created_at) RETURNING *`),
    devicesInUse: sql<[userId: string], number>(
      'SELECT count(*) FROM devices WHERE user_id = ? AND removed_at IS NULL',
    ).pluck(),
    deviceById: sql<Id, DeviceRow>('SELECT * FROM devices WHERE id = ?'),
    devicesByUser: sql<[userId: string], DeviceRow>('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, id'),
    markDeviceRemoved: sql<{ id: string; at: number }>(
      'UPDATE devices SET removed_at = coalesce(removed_at, @at) WHERE id = @id',
    ),
    deleteKeysWrappedForDevice: sql<Id>('DELETE FROM wrapped_keys WHERE recipient_device_id = ?'),
    insertWrappedKeyIfNone: sql<WrappedKeyRow>(`
      INSERT INTO wrapped_keys (room_id, key_version, recipient_device_id, sender_device_id, nonce, box)
      SELECT @room_id, @key_version, @recipient_device_id, @sender_device_id, @nonce, @box
      WHERE EXISTS (SELECT 1 FROM devices WHERE id = @recipient_device_id AND removed_at IS NULL)
      ON CONFLICT (room_id, recipient_device_id, key_version) DO NOTHING`),
    holdsKeyVersion: sql<[roomId: string, deviceId: string, keyVersion: number], number>(
      'SELECT 1 FROM wrapped_keys WHERE room_id = ? AND recipient_device_id = ? AND key_version = ?',
    ).pluck(),
    keyVersionHeld: sql<[roomId: string, keyVersion: number], number>(
      'SELECT 1 FROM wrapped_keys WHERE room_id = ? AND key_version = ? LIMIT 1',
    ).pluck(),
    keyVersionMaker: sql<[roomId: string, keyVersion: number], string>(
      'SELECT maker_device_id FROM room_key_versions WHERE room_id = ? AND key_version = ?',
    ).pluck(),
    recordKeyVersionMaker: sql<RoomKeyVersionRow>(`
      INSERT INTO room_key_versions (room_id, key_version, maker_device_id, made_at)
      VALUES (@room_id, @key_version, @maker_device_id, @made_at)
      ON CONFLICT (room_id, key_version) DO UPDATE
        SET maker_device_id = excluded.maker_device_id, made_at = excluded.made_at`),
    wrappedKeys: sql<[roomId: string, recipientDeviceId: string], WrappedKeyRow>(
      'SELECT * FROM wrapped_keys WHERE room_id = ? AND recipient_device_id = ? ORDER BY key_version',
    ),
    upsertKeyBackup: sql<KeyBackupRow>(`
      INSERT INTO key_backups (user_id, salt, iterations, nonce, ciphertext, updated_at)
      VALUES (@user_id, @salt, @iterations, @nonce, @ciphertext, @updated_at)
      ON CONFLICT (user_id) DO UPDATE SET salt = excluded.salt, iterations = excluded.iterations,
        nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`),
    keyBackup: sql<[userId: string], KeyBackupRow>('SELECT * FROM key_backups WHERE user_id = ?'),
    deleteKeysWrappedForUser: sql<[userId: string]>(`
      DELETE FROM wrapped_keys WHERE recipient_device_id IN (SELECT id FROM devices WHERE user_id = ?)`),
    deleteDevicesOfUser: sql<[userId: string]>('DELETE FROM devices WHERE user_id = ?'),
    deleteKeyBackup: sql<[userId: string]>('DELETE FROM key_backups WHERE user_id = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** What each group of store methods works with: the connection and its statements. */
export interface Sqlite {
  db: Database.Database;
  q: Statements;
  /** Run before the connection closes: writes still waiting for their turn (append-batch.ts). */
  beforeClose: (() => void)[];
}

/** What a patch statement binds: the record id and `patchParams` of the patch. */
type Patch = Record<string, unknown> & { id: string };

export const USER_PATCH: PatchColumns<UserPatch> = {
  displayName: 'display_name',
  role: 'role',
  safeguardingLead: 'safeguarding_lead',
  handle: 'handle',
  passwordHash: 'password_hash',
  portalSubjectHash: 'portal_subject_hash',
  deletedAt: 'deleted_at',
};

export const ROOM_PATCH: PatchColumns<Parameters<Store['updateRoom']>[1]> = {
  name: 'name',
  retentionDays: 'retention_days',
};

export const MESSAGE_PATCH: PatchColumns<MessagePatch> = {
  body: 'body',
  encrypted: 'encrypted',
  editedAt: 'edited_at',
  deletedAt: 'deleted_at',
};

interface MessageWindow {
  roomId: string;
  afterSeq: number;
  beforeSeq: number;
  limit: number;
}
