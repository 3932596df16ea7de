import { type Connection, Schema, type SchemaOptions, type Types } from 'mongoose';
import type {
  AuditRecord,
  DeviceRecord,
  EncryptedPayloadRecord,
  KeyBackupRecord,
  MessageRecord,
  ReceiptRecord,
  ReportRecord,
  ReviewGrantRecord,
  RoomRecord,
  SessionRecord,
  UserRecord,
  WrappedKeyRecord,
} from '../types.js';

/**
 * A record as stored: its `id` becomes `_id`, and the named references to our own entities
 * become ObjectIds (the interface sees their hex strings); `Optional` ones may be null.
 */
type Stored<R, Refs extends keyof R = never, Optional extends keyof R = never> = Omit<R, 'id' | Refs | Optional> & {
  [K in Refs]: Types.ObjectId;
} & { [K in Optional]: Types.ObjectId | null };

export type UserDoc = Stored<UserRecord>;
export type SessionDoc = Stored<SessionRecord, 'userId'>;
export type RoomDoc = Stored<RoomRecord, 'createdBy'>;
export type MessageDoc = Stored<MessageRecord, 'roomId' | 'authorId'>;
export type ReceiptDoc = Stored<ReceiptRecord, 'roomId' | 'userId'>;
/**
 * `slot` (0 to the cap - 1) is held while the device is in use and unset when it is removed:
 * a unique index on (user, slot) is what keeps the device cap (keys.ts, createDevice).
 * Devices registered before slots existed lack it until a registration gives them one.
 */
export type DeviceDoc = Stored<DeviceRecord, 'userId'> & { slot?: number };
export type WrappedKeyDoc = Stored<WrappedKeyRecord, 'roomId' | 'recipientDeviceId' | 'senderDeviceId'> & {
  /** The making share's claim (key-shares.ts), on the boxes it wrote: what it deletes when taken over. */
  claim?: Types.ObjectId | null;
};
export type KeyBackupDoc = Stored<KeyBackupRecord, 'userId'>;
export type ReportDoc = Stored<ReportRecord, 'messageId' | 'roomId' | 'reporterId', 'resolvedBy'>;
export type ReviewGrantDoc = Stored<ReviewGrantRecord, 'roomId' | 'reviewerId'>;
export type AuditDoc = Stored<AuditRecord, never, 'actorId' | 'targetUserId' | 'roomId' | 'messageId'>;

/** A mute in force (possibly past: callers compare with now); lifting one deletes it. */
export interface MuteDoc {
  roomId: Types.ObjectId;
  userId: Types.ObjectId;
  until: Date;
}

/**
 * Which device made a room key version: written by the share that makes the version, before
 * its wrapped keys (key-shares.ts). The unique (room, version) index lets one share win.
 */
export interface RoomKeyVersionDoc {
  roomId: Types.ObjectId;
  keyVersion: number;
  makerDeviceId: Types.ObjectId;
  /** New at every claim, so the making share can tell that the record is still its own. */
  claim: Types.ObjectId;
  /** Set once the making share's keys are all stored; until then the version is being made. */
  complete: boolean;
  madeAt: Date;
}

/** A named counter, incremented atomically (`audit` numbers the audit log). */
export interface CounterDoc {
  _id: string;
  seq: number;
}

/**
 * The claim on a message (append-claims.ts): the first attempt at a message inserts its claim
 * before the message takes a seq, so attempts racing it wait for that message instead of each
 * spending a seq. `token` is new at every claim, so a release or a takeover touches exactly
 * the claim it means.
 */
export interface AppendClaimDoc {
  roomId: Types.ObjectId;
  authorId: Types.ObjectId;
  clientId: string;
  token: Types.ObjectId;
  claimedAt: Date;
}

/** Membership has no record of its own: the interface only asks yes/no and member ids. */
export interface MembershipDoc {
  roomId: Types.ObjectId;
  userId: Types.ObjectId;
  joinedAt: Date;
}

// Indexes are built once, explicitly, by `ensureIndexes` at open: never lazily in the
// background of a production start. Writes are atomic operators and reads are lean, so
// the version key would only be noise. Without buffering, a dropped connection fails a
// call after server selection instead of queueing it silently.
const options = { autoIndex: false, autoCreate: false, bufferCommands: false, versionKey: false } as const;
const opts = (collection: string): SchemaOptions => ({ ...options, collection });

const { ObjectId } = Schema.Types;
const ref = { type: ObjectId, required: true } as const;
const nullableRef = { type: ObjectId, default: null } as const;
const text = { type: String, required: true } as const;
const int = { type: Number, required: true, validate: Number.isSafeInteger } as const;
const nullableText = { type: String, default: null } as const;
const nullableDate = { type: Date, default: null } as const;
// A function, so every document gets its own time rather than the module's load time.
const now = { type: Date, required: true, default: Date.now } as const;
const created = { ...now, immutable: true } as const;

const userSchema = new Schema<UserDoc>(
  {
    // Always lowercase, so the plain binary unique index is case-insensitive in effect and
    // prefix searches stay tight ranges on it (a collation index would not serve regexes).
    handle: { ...text, lowercase: true },
    displayName: text,
    role: { type: String, required: true, enum: ['STUDENT', 'MENTOR', 'ADMIN', 'GUEST'] },
    passwordHash: nullableText,
    portalSubjectHash: nullableText,
    // Documents written before these fields existed lack them: records.ts reads false/null.
    safeguardingLead: { type: Boolean, required: true, default: false },
    createdAt: created,
    deletedAt: nullableDate,
  },
  opts('users'),
);
userSchema.index({ handle: 1 }, { unique: true });
// Many users have no portal subject: only strings take part in the uniqueness.
userSchema.index(
  { portalSubjectHash: 1 },
  { unique: true, partialFilterExpression: { portalSubjectHash: { $type: 'string' } } },
);
// Only the few leads and the deleted accounts are in these; queries restate the filters.
userSchema.index({ safeguardingLead: 1, handle: 1 }, { partialFilterExpression: { safeguardingLead: true } });
userSchema.index({ deletedAt: 1, _id: 1 }, { partialFilterExpression: { deletedAt: { $type: 'date' } } });

const sessionSchema = new Schema<SessionDoc>(
  {
    tokenHash: text,
    userId: ref,
    createdAt: created,
    expiresAt: { type: Date, required: true },
    revokedAt: nullableDate,
  },
  opts('sessions'),
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
// The server sweeps expired sessions about once a minute; services still check expiresAt.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// revokeUserSessions: a user's live sessions.
sessionSchema.index({ userId: 1, expiresAt: 1 });

const roomSchema = new Schema<RoomDoc>(
  {
    name: text,
    kind: { type: String, required: true, enum: ['PUBLIC', 'PRIVATE', 'SESSION'] },
    encrypted: { type: Boolean, required: true },
    allowGuests: { type: Boolean, required: true },
    createdBy: ref,
    lastSeq: { ...int, default: 0 },
    keyVersion: { ...int, default: 1 },
    retentionDays: {
      type: Number,
      default: null,
      validate: (days: number | null) => days === null || (Number.isSafeInteger(days) && days > 0),
    },
    createdAt: created,
  },
  opts('rooms'),
);
roomSchema.index({ kind: 1, createdAt: 1 });

const membershipSchema = new Schema<MembershipDoc>({ roomId: ref, userId: ref, joinedAt: now }, opts('memberships'));
membershipSchema.index({ roomId: 1, userId: 1 }, { unique: true });
// Serves "rooms of a user" and covers its roomId projection.
membershipSchema.index({ userId: 1, roomId: 1 });
// Member pages walk join order (joinedAt, then _id) without a sort in memory.
membershipSchema.index({ roomId: 1, joinedAt: 1, _id: 1 });

const encryptedSchema = new Schema<EncryptedPayloadRecord>(
  { v: int, keyVersion: int, senderDeviceId: text, nonce: text, ciphertext: text, signature: text },
  { _id: false },
);

const messageSchema = new Schema<MessageDoc>(
  {
    roomId: ref,
    authorId: ref,
    kind: { type: String, required: true, enum: ['USER', 'SYSTEM'], default: 'USER' },
    seq: int,
    clientId: text,
    body: nullableText,
    encrypted: { type: encryptedSchema, default: null },
    createdAt: created,
    editedAt: nullableDate,
    deletedAt: nullableDate,
  },
  opts('messages'),
);
messageSchema.index({ roomId: 1, seq: 1 }, { unique: true });
messageSchema.index({ roomId: 1, authorId: 1, clientId: 1 }, { unique: true });
// A user's messages in (createdAt, _id) order: export pages and tombstoning on deletion.
messageSchema.index({ authorId: 1, createdAt: 1, _id: 1 });
// The retention sweep.
messageSchema.index({ roomId: 1, createdAt: 1 });

const appendClaimSchema = new Schema<AppendClaimDoc>(
  { roomId: ref, authorId: ref, clientId: text, token: ref, claimedAt: { type: Date, required: true } },
  opts('appendClaims'),
);
appendClaimSchema.index({ roomId: 1, authorId: 1, clientId: 1 }, { unique: true });
// Kept after its message is stored (waiters must not claim the message again), for a day.
appendClaimSchema.index({ claimedAt: 1 }, { expireAfterSeconds: 86_400 });

const receiptSchema = new Schema<ReceiptDoc>(
  { roomId: ref, userId: ref, lastReadSeq: int, readAt: { type: Date, required: true } },
  opts('receipts'),
);
receiptSchema.index({ roomId: 1, userId: 1 }, { unique: true });

const deviceSchema = new Schema<DeviceDoc>(
  {
    userId: ref,
    boxPublicKey: text,
    signPublicKey: text,
    createdAt: created,
    removedAt: nullableDate,
    // No default: a device without a slot must lack the field (removal unsets it).
    slot: { type: Number, validate: (slot: number) => Number.isSafeInteger(slot) && slot >= 0 },
  },
  opts('devices'),
);
deviceSchema.index({ userId: 1 });
// The device cap: one device in use per (user, slot). Removed devices hold no slot.
deviceSchema.index({ userId: 1, slot: 1 }, { unique: true, partialFilterExpression: { slot: { $type: 'number' } } });

const wrappedKeySchema = new Schema<WrappedKeyDoc>(
  {
    roomId: ref,
    keyVersion: int,
    recipientDeviceId: ref,
    senderDeviceId: ref,
    nonce: text,
    box: text,
    claim: nullableRef,
  },
  opts('wrappedKeys'),
);
wrappedKeySchema.index({ roomId: 1, keyVersion: 1, recipientDeviceId: 1 }, { unique: true });
// listWrappedKeys asks by (room, recipient device) across versions.
wrappedKeySchema.index({ roomId: 1, recipientDeviceId: 1, keyVersion: 1 });
// deleteUserKeyMaterial: the keys wrapped for a user's devices.
wrappedKeySchema.index({ recipientDeviceId: 1 });

const roomKeyVersionSchema = new Schema<RoomKeyVersionDoc>(
  {
    roomId: ref,
    keyVersion: int,
    makerDeviceId: ref,
    claim: ref,
    complete: { type: Boolean, required: true, default: false },
    madeAt: now,
  },
  opts('roomKeyVersions'),
);
roomKeyVersionSchema.index({ roomId: 1, keyVersion: 1 }, { unique: true });

const keyBackupSchema = new Schema<KeyBackupDoc>(
  { userId: ref, salt: text, iterations: int, nonce: text, ciphertext: text, updatedAt: now },
  opts('keyBackups'),
);
keyBackupSchema.index({ userId: 1 }, { unique: true });

const muteSchema = new Schema<MuteDoc>(
  { roomId: ref, userId: ref, until: { type: Date, required: true } },
  opts('mutes'),
);
muteSchema.index({ roomId: 1, userId: 1 }, { unique: true });

// Ordered by _id, which mongoose makes in this process: see listReports for the caveat.
const reportSchema = new Schema<ReportDoc>(
  {
    messageId: ref,
    roomId: ref,
    reporterId: ref,
    reason: text,
    status: { type: String, required: true, enum: ['OPEN', 'RESOLVED', 'DISMISSED'], default: 'OPEN' },
    createdAt: created,
    resolvedAt: nullableDate,
    resolvedBy: nullableRef,
    resolution: nullableText,
  },
  opts('reports'),
);
reportSchema.index({ status: 1, _id: 1 });

const reviewGrantSchema = new Schema<ReviewGrantDoc>(
  // Not immutable: granting again restarts the grant.
  { roomId: ref, reviewerId: ref, reason: text, createdAt: now },
  opts('reviewGrants'),
);
reviewGrantSchema.index({ roomId: 1, reviewerId: 1 }, { unique: true });

const counterSchema = new Schema<CounterDoc>({ _id: String, seq: int }, { ...options, collection: 'counters' });

const auditSchema = new Schema<AuditDoc>(
  {
    seq: int,
    at: now,
    actorId: nullableRef,
    action: text,
    targetUserId: nullableRef,
    roomId: nullableRef,
    messageId: nullableRef,
    details: { type: Schema.Types.Mixed, required: true, default: () => ({}) },
  },
  // minimize: false keeps an empty `details` object instead of dropping the field.
  { ...opts('audit'), minimize: false },
);
auditSchema.index({ seq: 1 }, { unique: true });
// Each filter of listAudit walks its own index newest first.
auditSchema.index({ action: 1, seq: -1 });
auditSchema.index({ actorId: 1, seq: -1 });
auditSchema.index({ targetUserId: 1, seq: -1 });
auditSchema.index({ roomId: 1, seq: -1 });

/** Registers every model on `connection` (never the global default connection). */
export function createModels(connection: Connection) {
  return {
    User: connection.model<UserDoc>('User', userSchema),
    Session: connection.model<SessionDoc>('Session', sessionSchema),
    Room: connection.model<RoomDoc>('Room', roomSchema),
    Membership: connection.model<MembershipDoc>('Membership', membershipSchema),
    Message: connection.model<MessageDoc>('Message', messageSchema),
    AppendClaim: connection.model<AppendClaimDoc>('AppendClaim', appendClaimSchema),
    Receipt: connection.model<ReceiptDoc>('Receipt', receiptSchema),
    Device: connection.model<DeviceDoc>('Device', deviceSchema),
    WrappedKey: connection.model<WrappedKeyDoc>('WrappedKey', wrappedKeySchema),
    RoomKeyVersion: connection.model<RoomKeyVersionDoc>('RoomKeyVersion', roomKeyVersionSchema),
    KeyBackup: connection.model<KeyBackupDoc>('KeyBackup', keyBackupSchema),
    Mute: connection.model<MuteDoc>('Mute', muteSchema),
    Report: connection.model<ReportDoc>('Report', reportSchema),
    ReviewGrant: connection.model<ReviewGrantDoc>('ReviewGrant', reviewGrantSchema),
    Counter: connection.model<CounterDoc>('Counter', counterSchema),
    Audit: connection.model<AuditDoc>('Audit', auditSchema),
  };
}

export type Models = ReturnType<typeof createModels>;

/**
 * Creates every declared index (and so each collection) in parallel, before the store serves.
 * `createIndexes` (not `syncIndexes`) never drops an index an operator added by hand; an
 * index whose options changed fails the start loudly instead of being rebuilt behind our back.
 */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
}
