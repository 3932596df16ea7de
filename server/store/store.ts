import type {
  AuditRecord,
  DeviceRecord,
  EncryptedPayloadRecord,
  KeyBackupRecord,
  MessageRecord,
  ReceiptRecord,
  ReportRecord,
  ReportStatus,
  ReviewGrantRecord,
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
  /** Defaults to USER. */
  kind?: 'USER' | 'SYSTEM';
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

export interface UserPatch {
  displayName?: string;
  role?: Role;
  safeguardingLead?: boolean;
  /** Renaming frees the old handle (account deletion after its grace period). */
  handle?: string;
  /** Account deletion clears credentials and marks the record. */
  passwordHash?: null;
  portalSubjectHash?: null;
  deletedAt?: Date;
}

export interface NewDevice {
  userId: string;
  boxPublicKey: string;
  signPublicKey: string;
}

/** One `shareRoomKey` call: a room key version wrapped by one device for several. */
export interface RoomKeyShare {
  roomId: string;
  keyVersion: number;
  senderDeviceId: string;
  /** One box per recipient device. */
  wrapped: { recipientDeviceId: string; nonce: string; box: string }[];
  /**
   * The sender made this key for this call, rather than passing on one it holds: then it is
   * refused while any device holds a key of the version, the sender included.
   */
  newKey?: boolean;
}

export interface NewAuditEntry {
  actorId: string | null;
  action: string;
  targetUserId?: string | null;
  roomId?: string | null;
  messageId?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetUserId?: string;
  roomId?: string;
  beforeSeq?: number;
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
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>;
  listSafeguardingLeads(): Promise<UserRecord[]>;
  /**
   * Deleted users whose deletedAt is before `before` and whose handle is not yet released.
   * Convention: the service releases a handle by renaming it `deleted-<id>` (updateUser),
   * so "not yet released" means the handle does not start with `deleted-`. Sign-up must
   * therefore never hand out a handle starting with `deleted-`.
   */
  listDeletedUsersHoldingHandles(before: Date): Promise<UserRecord[]>;
  /** Non-guests ordered by handle. */
  searchUsers(query: DirectoryQuery): Promise<UserRecord[]>;

  // sessions (tokens are stored only as hashes)
  createSession(session: { tokenHash: string; userId: string; expiresAt: Date }): Promise<SessionRecord>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  /** Returns true when a live session was revoked by this call. */
  revokeSession(tokenHash: string): Promise<boolean>;
  /** Revokes every live session of a user; returns their token hashes (to close their sockets). */
  revokeUserSessions(userId: string): Promise<string[]>;

  // rooms and membership
  createRoom(room: NewRoom): Promise<RoomRecord>;
  getRoom(id: string): Promise<RoomRecord | null>;
  updateRoom(id: string, patch: { name?: string; retentionDays?: number | null }): Promise<RoomRecord | null>;
  /** Every room, ordered by id, paged (for sweeps and key rotation). */
  listAllRooms(page: { afterId?: string; limit: number }): Promise<RoomRecord[]>;
  /** Ids of the rooms the user is a member of. */
  listMemberRoomIds(userId: string): Promise<string[]>;
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
  /** A user's messages ordered by (createdAt, id), paged by the last one seen. */
  listMessagesByAuthor(
    authorId: string,
    page: { after?: { createdAt: Date; id: string }; limit: number },
  ): Promise<MessageRecord[]>;
  /** Tombstones (body and encrypted null, deletedAt = at) the not-yet-deleted messages of an author; returns how many. */
  tombstoneMessagesByAuthor(authorId: string, at: Date): Promise<number>;
  /** Tombstones a room's not-yet-deleted messages created before `createdBefore`; returns how many. */
  expireMessages(roomId: string, createdBefore: Date, at: Date): Promise<number>;

  // read receipts
  /** Moves the receipt forward only; returns the receipt as stored after the call. */
  advanceReceipt(roomId: string, userId: string, seq: number, readAt: Date): Promise<ReceiptRecord>;
  getReceipt(roomId: string, userId: string): Promise<ReceiptRecord | null>;
  listReceipts(roomId: string): Promise<ReceiptRecord[]>;

  // end-to-end encryption material (public keys and sealed blobs only)
  /**
   * Creates a device unless `maxInUse` of the user's devices are in use (not removed): then
   * null, and nothing is written. Atomic: concurrent calls never take a user past the cap.
   */
  createDevice(device: NewDevice, maxInUse: number): Promise<DeviceRecord | null>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** Every device of the user, removed ones included, oldest first. */
  listDevices(userId: string): Promise<DeviceRecord[]>;
  /**
   * Marks a device removed (the first `at` is kept on a repeat) and deletes the keys wrapped
   * for it, in one step. The record and its public keys stay, so that what the device signed
   * and wrapped before can still be checked and opened. Null when there is no such device.
   */
  removeDevice(id: string, at: Date): Promise<DeviceRecord | null>;
  /**
   * Stores one share of a room key version, atomically with the rule that a version has one
   * key (docs/encryption.md, "One key per key version"). A box is added only for a recipient
   * that holds no key of the version yet: a stored box is never replaced.
   * - A sender that holds the version (a key of it is wrapped for the sender), or that made it,
   *   is passing that key on: accepted, unless the share says `newKey`.
   * - Otherwise, while some device holds a key of the version (or another share is making
   *   it), the call is refused with `StoreConflictError('roomId,keyVersion')` and nothing is
   *   written: the key exists, the sender must fetch it.
   * - Otherwise no device holds the version (it was never made, or every holder was removed):
   *   the sender makes it, and is recorded as its maker (`made: true`). A share with no boxes
   *   writes nothing and makes nothing.
   */
  shareRoomKey(share: RoomKeyShare): Promise<{ made: boolean }>;
  listWrappedKeys(roomId: string, recipientDeviceId: string): Promise<WrappedKeyRecord[]>;
  putKeyBackup(backup: KeyBackupRecord): Promise<void>;
  getKeyBackup(userId: string): Promise<KeyBackupRecord | null>;
  /** Removes a user's devices, the keys wrapped for them, and their key backup (account deletion). */
  deleteUserKeyMaterial(userId: string): Promise<void>;

  // moderation and safeguarding
  /** Mutes a user in a room until `until`; null lifts the mute. */
  setMute(roomId: string, userId: string, until: Date | null): Promise<void>;
  /** The stored mute end, or null (callers compare with now). */
  getMute(roomId: string, userId: string): Promise<Date | null>;
  createReport(report: {
    messageId: string;
    roomId: string;
    reporterId: string;
    reason: string;
  }): Promise<ReportRecord>;
  getReport(id: string): Promise<ReportRecord | null>;
  /** Oldest first; `afterId` pages (ids are ordered by creation within an adapter). */
  listReports(query: { status?: ReportStatus; afterId?: string; limit: number }): Promise<ReportRecord[]>;
  /** Closes an OPEN report; null when missing or already closed. */
  resolveReport(
    id: string,
    outcome: { status: Exclude<ReportStatus, 'OPEN'>; resolvedBy: string; resolution: string | null },
  ): Promise<ReportRecord | null>;
  createReviewGrant(grant: { roomId: string; reviewerId: string; reason: string }): Promise<ReviewGrantRecord>;
  getReviewGrant(roomId: string, reviewerId: string): Promise<ReviewGrantRecord | null>;

  // audit log: append-only (no update, no delete)
  appendAudit(entry: NewAuditEntry): Promise<AuditRecord>;
  /** Newest first; `beforeSeq` pages back. */
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;

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
