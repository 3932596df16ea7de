import type {
  DeviceRecord,
  EncryptedPayloadRecord,
  KeyBackupRecord,
  MessageRecord,
  ReceiptRecord,
  Role,
  RoomKind,
  RoomRecord,
  SessionRecord,
  UserRecord,
  WrappedKeyRecord,
} from '../types.js';

// Rows exactly as SQLite returns them (snake_case, epoch ms, 0/1, JSON text),
// and the mapping to the records services see.

export interface UserRow {
  id: string;
  handle: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  portal_subject_hash: string | null;
  safeguarding_lead: 0 | 1;
  created_at: number;
  deleted_at: number | null;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface RoomRow {
  id: string;
  name: string;
  kind: RoomKind;
  encrypted: 0 | 1;
  allow_guests: 0 | 1;
  created_by: string;
  last_seq: number;
  key_version: number;
  retention_days: number | null;
  created_at: number;
}

export interface MessageRow {
  id: string;
  room_id: string;
  author_id: string;
  kind: MessageRecord['kind'];
  seq: number;
  client_id: string;
  body: string | null;
  encrypted: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

export interface ReceiptRow {
  room_id: string;
  user_id: string;
  last_read_seq: number;
  read_at: number;
}

export interface DeviceRow {
  id: string;
  user_id: string;
  box_public_key: string;
  sign_public_key: string;
  created_at: number;
  removed_at: number | null;
}

export interface WrappedKeyRow {
  room_id: string;
  key_version: number;
  recipient_device_id: string;
  sender_device_id: string;
  nonce: string;
  box: string;
}

export interface RoomKeyVersionRow {
  room_id: string;
  key_version: number;
  maker_device_id: string;
  made_at: number;
}

export interface KeyBackupRow {
  user_id: string;
  salt: string;
  iterations: number;
  nonce: string;
  ciphertext: string;
  updated_at: number;
}

/** The mapped row, or null when the query found none. */
export const one = <R, T>(row: R | undefined, map: (row: R) => T): T | null => (row === undefined ? null : map(row));

export const bit = (value: boolean): 0 | 1 => (value ? 1 : 0);
export const epoch = (date: Date | null): number | null => (date === null ? null : date.getTime());
export const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export const payloadText = (payload: EncryptedPayloadRecord | null): string | null =>
  payload === null ? null : JSON.stringify(payload);

export const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  handle: row.handle,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  portalSubjectHash: row.portal_subject_hash,
  safeguardingLead: row.safeguarding_lead === 1,
  createdAt: new Date(row.created_at),
  deletedAt: dateOrNull(row.deleted_at),
});

export const toSession = (row: SessionRow): SessionRecord => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  revokedAt: dateOrNull(row.revoked_at),
});

export const toRoom = (row: RoomRow): RoomRecord => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  encrypted: row.encrypted === 1,
  allowGuests: row.allow_guests === 1,
  createdBy: row.created_by,
  lastSeq: row.last_seq,
  keyVersion: row.key_version,
  retentionDays: row.retention_days,
  createdAt: new Date(row.created_at),
});

export const toMessage = (row: MessageRow): MessageRecord => ({
  id: row.id,
  roomId: row.room_id,
  authorId: row.author_id,
  kind: row.kind,
  seq: row.seq,
  clientId: row.client_id,
  body: row.body,
  encrypted: row.encrypted === null ? null : (JSON.parse(row.encrypted) as EncryptedPayloadRecord),
  createdAt: new Date(row.created_at),
  editedAt: dateOrNull(row.edited_at),
  deletedAt: dateOrNull(row.deleted_at),
});

export const toReceipt = (row: ReceiptRow): ReceiptRecord => ({
  roomId: row.room_id,
  userId: row.user_id,
  lastReadSeq: row.last_read_seq,
  readAt: new Date(row.read_at),
});

export const toDevice = (row: DeviceRow): DeviceRecord => ({
  id: row.id,
  userId: row.user_id,
  boxPublicKey: row.box_public_key,
  signPublicKey: row.sign_public_key,
  createdAt: new Date(row.created_at),
  removedAt: row.removed_at === null ? null : new Date(row.removed_at),
});

export const toWrappedKey = (row: WrappedKeyRow): WrappedKeyRecord => ({
  roomId: row.room_id,
  keyVersion: row.key_version,
  recipientDeviceId: row.recipient_device_id,
  senderDeviceId: row.sender_device_id,
  nonce: row.nonce,
  box: row.box,
});

export const toKeyBackup = (row: KeyBackupRow): KeyBackupRecord => ({
  userId: row.user_id,
  salt: row.salt,
  iterations: row.iterations,
  nonce: row.nonce,
  ciphertext: row.ciphertext,
  updatedAt: new Date(row.updated_at),
});
