import { type Model, Types, type UpdateQuery } from 'mongoose';
import type {
  AuditRecord,
  DeviceRecord,
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
import type {
  AuditDoc,
  DeviceDoc,
  KeyBackupDoc,
  MessageDoc,
  ReceiptDoc,
  ReportDoc,
  ReviewGrantDoc,
  RoomDoc,
  SessionDoc,
  UserDoc,
  WrappedKeyDoc,
} from './models.js';

// The boundary between stored documents and the plain records of types.ts: ids become hex
// strings, and a field missing from an older document becomes null, never undefined.

export type WithId<T> = T & { _id: Types.ObjectId };

const HEX_ID = /^[0-9a-f]{24}$/i;

/**
 * The ObjectId behind an id the store handed out, or null for anything else. Stricter than
 * `isValidObjectId`, which also accepts any 12-character string as 12 raw bytes.
 */
export function parseId(id: string): Types.ObjectId | null {
  return typeof id === 'string' && HEX_ID.test(id) ? new Types.ObjectId(id) : null;
}

/** For writes that must reference a real entity: a malformed id cannot, so refuse clearly. */
export function requireId(id: string, what: string): Types.ObjectId {
  const parsed = parseId(id);
  if (!parsed) throw new TypeError(`mongo store: malformed ${what} id`);
  return parsed;
}

/** The record with id `id`, or null when there is none or `id` could not be ours. */
export async function findRecord<D, R>(
  model: Model<D>,
  id: string,
  toRecord: (doc: WithId<D>) => R,
): Promise<R | null> {
  const _id = parseId(id);
  const doc = _id && (await model.findById(_id).lean<WithId<D>>());
  return doc ? toRecord(doc) : null;
}

/**
 * Sets the fields of `fields` that are not undefined on record `id` and returns the record
 * after the write, or null when there is none. Callers list the fields they allow by name.
 */
export async function updateRecord<D, R>(
  model: Model<D>,
  id: string,
  fields: Partial<D>,
  toRecord: (doc: WithId<D>) => R,
): Promise<R | null> {
  const _id = parseId(id);
  if (!_id) return null;
  // Partial<D> of a generic D is not provably an UpdateQuery<D>; it is one field by field.
  const $set = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as UpdateQuery<D>['$set'];
  if (Object.keys($set).length === 0) return findRecord(model, id, toRecord);
  const doc = await model
    .findByIdAndUpdate(_id, { $set }, { returnDocument: 'after', runValidators: true })
    .lean<WithId<D>>();
  return doc ? toRecord(doc) : null;
}

/** Valid ids of `ids`, each once, in their first order. */
export function parseIds(ids: readonly string[]): Types.ObjectId[] {
  const unique = new Map<string, Types.ObjectId>();
  for (const id of ids) {
    const parsed = parseId(id);
    if (parsed) unique.set(parsed.toHexString(), parsed);
  }
  return [...unique.values()];
}

export const toUser = (d: WithId<UserDoc>): UserRecord => ({
  id: d._id.toHexString(),
  handle: d.handle,
  displayName: d.displayName,
  role: d.role,
  passwordHash: d.passwordHash ?? null,
  portalSubjectHash: d.portalSubjectHash ?? null,
  safeguardingLead: d.safeguardingLead ?? false,
  createdAt: d.createdAt,
  deletedAt: d.deletedAt ?? null,
});

export const toSession = (d: SessionDoc): SessionRecord => ({
  tokenHash: d.tokenHash,
  userId: d.userId.toHexString(),
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
  revokedAt: d.revokedAt ?? null,
});

export const toRoom = (d: WithId<RoomDoc>): RoomRecord => ({
  id: d._id.toHexString(),
  name: d.name,
  kind: d.kind,
  encrypted: d.encrypted,
  allowGuests: d.allowGuests,
  createdBy: d.createdBy.toHexString(),
  lastSeq: d.lastSeq,
  keyVersion: d.keyVersion,
  retentionDays: d.retentionDays ?? null,
  createdAt: d.createdAt,
});

export const toMessage = (d: WithId<MessageDoc>): MessageRecord => ({
  id: d._id.toHexString(),
  roomId: d.roomId.toHexString(),
  authorId: d.authorId.toHexString(),
  kind: d.kind ?? 'USER',
  seq: d.seq,
  clientId: d.clientId,
  body: d.body ?? null,
  // Picked field by field so nothing a driver or older writer left behind leaks out.
  encrypted: d.encrypted
    ? {
        v: d.encrypted.v,
        keyVersion: d.encrypted.keyVersion,
        senderDeviceId: d.encrypted.senderDeviceId,
        nonce: d.encrypted.nonce,
        ciphertext: d.encrypted.ciphertext,
        signature: d.encrypted.signature,
      }
    : null,
  createdAt: d.createdAt,
  editedAt: d.editedAt ?? null,
  deletedAt: d.deletedAt ?? null,
});

export const toReceipt = (d: ReceiptDoc): ReceiptRecord => ({
  roomId: d.roomId.toHexString(),
  userId: d.userId.toHexString(),
  lastReadSeq: d.lastReadSeq,
  readAt: d.readAt,
});

export const toDevice = (d: WithId<DeviceDoc>): DeviceRecord => ({
  id: d._id.toHexString(),
  userId: d.userId.toHexString(),
  boxPublicKey: d.boxPublicKey,
  signPublicKey: d.signPublicKey,
  createdAt: d.createdAt,
  // Devices stored before removal existed lack the field.
  removedAt: d.removedAt ?? null,
});

export const toWrappedKey = (d: WrappedKeyDoc): WrappedKeyRecord => ({
  roomId: d.roomId.toHexString(),
  keyVersion: d.keyVersion,
  recipientDeviceId: d.recipientDeviceId.toHexString(),
  senderDeviceId: d.senderDeviceId.toHexString(),
  nonce: d.nonce,
  box: d.box,
});

export const toKeyBackup = (d: KeyBackupDoc): KeyBackupRecord => ({
  userId: d.userId.toHexString(),
  salt: d.salt,
  iterations: d.iterations,
  nonce: d.nonce,
  ciphertext: d.ciphertext,
  updatedAt: d.updatedAt,
});

const hexOrNull = (id: Types.ObjectId | null | undefined): string | null => (id ? id.toHexString() : null);

export const toReport = (d: WithId<ReportDoc>): ReportRecord => ({
  id: d._id.toHexString(),
  messageId: d.messageId.toHexString(),
  roomId: d.roomId.toHexString(),
  reporterId: d.reporterId.toHexString(),
  reason: d.reason,
  status: d.status,
  createdAt: d.createdAt,
  resolvedAt: d.resolvedAt ?? null,
  resolvedBy: hexOrNull(d.resolvedBy),
  resolution: d.resolution ?? null,
});

export const toReviewGrant = (d: ReviewGrantDoc): ReviewGrantRecord => ({
  roomId: d.roomId.toHexString(),
  reviewerId: d.reviewerId.toHexString(),
  reason: d.reason,
  createdAt: d.createdAt,
});

export const toAudit = (d: WithId<AuditDoc>): AuditRecord => ({
  id: d._id.toHexString(),
  seq: d.seq,
  at: d.at,
  actorId: hexOrNull(d.actorId),
  action: d.action,
  targetUserId: hexOrNull(d.targetUserId),
  roomId: hexOrNull(d.roomId),
  messageId: hexOrNull(d.messageId),
  details: d.details ?? {},
});
