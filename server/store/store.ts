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
} from './types.js';

export type * from './types.js';

/** A page request over an ordered key. `limit` is already clamped by the caller. */
export interface SeqRange {
  /** Only seq strictly greater than this. */
  afterSeq?: number;
  /** Only seq strictly lower than this. */
  beforeSeq?: number;
  limit: number;
  /** 'oldest' takes the lowest seqs of the range, 'newest' the highest. Results are always oldest first. */
  from: 'oldest' | 'newest';
}

export interface NewUser {
  handle: string;
  displayName: string;
  role: Role;
  passwordHash?: string | null;
  portalSubjectHash?: string | null;
}

export interface NewRoom {
  name: string;
  kind: RoomKind;
  encrypted: boolean;
  allowGuests: boolean;
  createdBy: string;
  /** Members added in the same write as the room (the creator is not implied). */
  memberIds: string[];
}

export interface NewMessage {
  roomId: string;
  authorId: string;
  clientId: string;
  body: string | null;
  encrypted: EncryptedPayloadRecord | null;
}

export interface DirectoryQuery {
  /** Case-insensitive prefix of handle or substring of display name. */
  search?: string;
  role?: Role;
  /** Guests never appear in the directory. */
  afterHandle?: string;
  limit: number;
}

export interface MessagePatch {
  body?: string | null;
  encrypted?: EncryptedPayloadRecord | null;
  editedAt?: Date | null;
  deletedAt?: Date | null;
}

/**
 * Everything the services need from storage, and nothing else.
 * Adapters: SQLite (default, embedded) and MongoDB (when MONGODB_URI is set).
 * Unique-constraint violations surface as `StoreConflictError`.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';

  // users
  createUser(user: NewUser): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  getUsers(ids: readonly string[]): Promise<UserRecord[]>;
  getUserByHandle(handle: string): Promise<UserRecord | null>;
  getUserByPortalSubject(subjectHash: string): Promise<UserRecord | null>;
  updateUser(id: string, patch: { displayName?: string; role?: Role }): Promise<UserRecord | null>;
  /** Non-guests ordered by handle. */
  searchUsers(query: DirectoryQuery): Promise<UserRecord[]>;

  // sessions (tokens are stored only as hashes)
  createSession(session: { tokenHash: string; userId: string; expiresAt: Date }): Promise<SessionRecord>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  /** Returns true when a live session was revoked by this call. */
  revokeSession(tokenHash: string): Promise<boolean>;

  // rooms and membership
  createRoom(room: NewRoom): Promise<RoomRecord>;
  getRoom(id: string): Promise<RoomRecord | null>;
  /** Every PUBLIC room plus the rooms `userId` is a member of, oldest first. */
  listVisibleRooms(userId: string): Promise<RoomRecord[]>;
  /** Returns true when the user was not a member before. */
  addMember(roomId: string, userId: string): Promise<boolean>;
  /** Returns true when the user was a member before. */
  removeMember(roomId: string, userId: string): Promise<boolean>;
  isMember(roomId: string, userId: string): Promise<boolean>;
  /** Member user ids ordered by join order; `afterUserId` pages through them. */
  listMemberIds(roomId: string, page?: { afterUserId?: string; limit?: number }): Promise<string[]>;
  /** Atomically bumps the room's key version and returns the new one. */
  bumpKeyVersion(roomId: string): Promise<number>;

  // messages
  /**
   * Appends with the next per-room seq, atomically. The same (room, author, clientId)
   * again returns the first message with `created: false` and changes nothing.
   */
  appendMessage(message: NewMessage): Promise<{ message: MessageRecord; created: boolean }>;
  getMessage(id: string): Promise<MessageRecord | null>;
  listMessages(roomId: string, range: SeqRange): Promise<MessageRecord[]>;
  updateMessage(id: string, patch: MessagePatch): Promise<MessageRecord | null>;
  lastMessage(roomId: string): Promise<MessageRecord | null>;
  /** Messages with seq > afterSeq, not deleted, not written by `excludeAuthorId`. */
  countMessagesAfter(roomId: string, afterSeq: number, excludeAuthorId: string): Promise<number>;

  // read receipts
  /** Moves the receipt forward only; returns the receipt as stored after the call. */
  advanceReceipt(roomId: string, userId: string, seq: number, readAt: Date): Promise<ReceiptRecord>;
  getReceipt(roomId: string, userId: string): Promise<ReceiptRecord | null>;
  listReceipts(roomId: string): Promise<ReceiptRecord[]>;

  // end-to-end encryption material (public keys and sealed blobs only)
  createDevice(device: { userId: string; boxPublicKey: string; signPublicKey: string }): Promise<DeviceRecord>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  listDevices(userId: string): Promise<DeviceRecord[]>;
  /** Inserts or replaces by (roomId, keyVersion, recipientDeviceId). */
  putWrappedKeys(keys: WrappedKeyRecord[]): Promise<void>;
  listWrappedKeys(roomId: string, recipientDeviceId: string): Promise<WrappedKeyRecord[]>;
  putKeyBackup(backup: KeyBackupRecord): Promise<void>;
  getKeyBackup(userId: string): Promise<KeyBackupRecord | null>;

  /** Checks the store answers (for readiness probes). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by adapters when a unique index refuses a write. */
export class StoreConflictError extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint: ${constraint}`);
    this.name = 'StoreConflictError';
  }
}
