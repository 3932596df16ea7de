/** Plain records the store hands to services. Ids are opaque strings owned by the store. */

export type Role = 'STUDENT' | 'MENTOR' | 'ADMIN' | 'GUEST';
export type RoomKind = 'PUBLIC' | 'PRIVATE' | 'SESSION';

export interface UserRecord {
  id: string;
  handle: string;
  displayName: string;
  role: Role;
  /** argon2id hash; null for guests and portal users. */
  passwordHash: string | null;
  /** Keyed hash of the portal's `sub`; null for everyone else. */
  portalSubjectHash: string | null;
  /** An ADMIN designated as the school's safeguarding lead (may review SESSION rooms, visibly). */
  safeguardingLead: boolean;
  createdAt: Date;
  /** Set when the account was deleted: the record stays as "Deleted user" for tombstones. */
  deletedAt: Date | null;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface RoomRecord {
  id: string;
  name: string;
  kind: RoomKind;
  encrypted: boolean;
  allowGuests: boolean;
  createdBy: string;
  /** Highest seq handed out so far; 0 for an empty room. */
  lastSeq: number;
  /** Current end-to-end room key version; 1 from creation, bumped when a member leaves. */
  keyVersion: number;
  /** Messages older than this many days are deleted by the retention sweep; null keeps them. */
  retentionDays: number | null;
  createdAt: Date;
}

/** The encrypted payload exactly as the contract's EncryptedPayload (base64 strings). */
export interface EncryptedPayloadRecord {
  v: number;
  keyVersion: number;
  senderDeviceId: string;
  nonce: string;
  ciphertext: string;
  signature: string;
}

export interface MessageRecord {
  id: string;
  roomId: string;
  authorId: string;
  /** USER for what people write; SYSTEM for notices the server writes (e.g. a review was opened). */
  kind: 'USER' | 'SYSTEM';
  seq: number;
  clientId: string;
  /** Null when encrypted or deleted. May be sealed at rest: services open it. */
  body: string | null;
  encrypted: EncryptedPayloadRecord | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface ReceiptRecord {
  roomId: string;
  userId: string;
  lastReadSeq: number;
  readAt: Date;
}

export interface DeviceRecord {
  id: string;
  userId: string;
  boxPublicKey: string;
  signPublicKey: string;
  createdAt: Date;
  /** Set by `removeDevice`: the device receives no keys and sends nothing; its public keys stay. */
  removedAt: Date | null;
}

export interface WrappedKeyRecord {
  roomId: string;
  keyVersion: number;
  recipientDeviceId: string;
  senderDeviceId: string;
  nonce: string;
  box: string;
}

export interface KeyBackupRecord {
  userId: string;
  salt: string;
  iterations: number;
  nonce: string;
  ciphertext: string;
  updatedAt: Date;
}

/** One append-only audit entry. `seq` orders entries (newest has the highest). */
export interface AuditRecord {
  id: string;
  seq: number;
  at: Date;
  /** Who acted; null for the system (sweeps, start-up). */
  actorId: string | null;
  /** e.g. 'role.change', 'member.remove', 'message.delete', 'user.mute', 'signin.staff', 'session.review'. */
  action: string;
  targetUserId: string | null;
  roomId: string | null;
  messageId: string | null;
  /** Small JSON object; never message bodies, tokens or passwords. */
  details: Record<string, unknown>;
}

export type ReportStatus = 'OPEN' | 'RESOLVED' | 'DISMISSED';

export interface ReportRecord {
  id: string;
  messageId: string;
  roomId: string;
  reporterId: string;
  reason: string;
  status: ReportStatus;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

/** A safeguarding lead opened a SESSION room for review, with a reason (audited and shown in the room). */
export interface ReviewGrantRecord {
  roomId: string;
  reviewerId: string;
  reason: string;
  createdAt: Date;
}
