import { Types } from 'mongoose';
import { type Store, StoreConflictError } from '../store.js';
import type { Models, RoomKeyVersionDoc } from './models.js';
import { requireId } from './records.js';
import { isDuplicateKey, upsertRetrying } from './write-errors.js';

/**
 * How long a making share may take between claiming a version and marking it complete before
 * another device may take the version over (only while no key of it is stored at all: the
 * making share died between its writes). A share takes milliseconds; this is for crashes.
 */
export const CLAIM_GRACE_MS = 30_000;

const keyExists = () => new StoreConflictError('roomId,keyVersion');

/**
 * `shareRoomKey` without a transaction (a standalone server has none). The (room, version)
 * record is the lock: a share that makes a version claims it first, by inserting the record
 * (the unique index lets one insert win) or by replacing a record whose keys are all gone,
 * conditionally on the claim it read (so one replacement wins); only then does it write its
 * keys, and it marks the record complete after. Every other device is refused while the claim
 * stands: before the keys land (the record is incomplete and fresh) and after (keys exist).
 *
 * If the making share dies between claim and keys, the version is free again once the claim
 * is older than CLAIM_GRACE_MS. If it was merely stalled that long and another device took
 * the version over meanwhile, it finds its claim gone when it marks it complete, deletes the
 * keys it wrote and is refused: readers may have fetched one of those boxes in that window.
 */
export function shareRoomKeyMethod({ Device, WrappedKey, RoomKeyVersion }: Models): Store['shareRoomKey'] {
  /** Inserts a box for each recipient that holds no key of the version; never replaces one. */
  const insertBoxes = async (
    version: { roomId: Types.ObjectId; keyVersion: number },
    sender: Types.ObjectId,
    boxes: { recipientDeviceId: Types.ObjectId; nonce: string; box: string }[],
    claim: Types.ObjectId | null = null,
  ) => {
    if (boxes.length === 0) return; // the driver refuses an empty bulk write
    const operations = () =>
      boxes.map(({ recipientDeviceId, nonce, box }) => ({
        updateOne: {
          filter: { ...version, recipientDeviceId },
          update: { $setOnInsert: { senderDeviceId: sender, nonce, box, claim } },
          upsert: true,
        },
      }));
    // $setOnInsert is idempotent, so a batch that raced another upsert of a box runs again
    // whole. Fresh operations each time: bulkWrite casts the ones it is given in place.
    await upsertRetrying(() => WrappedKey.bulkWrite(operations(), { ordered: false, throwOnValidationError: true }));
    // No box for a removed device. removeDevice marks the device, then deletes its boxes: of
    // the two, whichever writes last sees the other's write, so none survives a race.
    const recipients = boxes.map((b) => b.recipientDeviceId);
    const removed = await Device.find({ _id: { $in: recipients }, removedAt: { $ne: null } }, { _id: 1 }).lean();
    if (removed.length > 0) {
      await WrappedKey.deleteMany({ ...version, recipientDeviceId: { $in: removed.map((d) => d._id) } });
    }
  };

  /** Claims the version for `maker`; returns the claim, or throws when another share holds it. */
  const claim = async (
    version: { roomId: Types.ObjectId; keyVersion: number },
    maker: Types.ObjectId,
    current: RoomKeyVersionDoc | null,
  ): Promise<Types.ObjectId> => {
    const fresh = { makerDeviceId: maker, claim: new Types.ObjectId(), complete: false, madeAt: new Date() };
    if (!current) {
      try {
        await RoomKeyVersion.create({ ...version, ...fresh });
      } catch (error) {
        // Another share (of another device, or a second one of this device) claimed it first.
        if (isDuplicateKey(error, 'keyVersion')) throw keyExists();
        throw error;
      }
      return fresh.claim;
    }
    const inFlight = !current.complete && Date.now() - current.madeAt.getTime() < CLAIM_GRACE_MS;
    if (inFlight) throw keyExists();
    // The previous maker's keys are all gone (or never landed): replace its claim, if it is
    // still the one read, in the state read (a stalled maker that completed since keeps it).
    const taken = await RoomKeyVersion.updateOne(
      { ...version, claim: current.claim, complete: current.complete },
      { $set: fresh },
    );
    if (taken.matchedCount === 0) throw keyExists();
    return fresh.claim;
  };

  return async (share) => {
    const version = { roomId: requireId(share.roomId, 'room'), keyVersion: share.keyVersion };
    const sender = requireId(share.senderDeviceId, 'sender device');
    // Refuse a malformed recipient before writing anything.
    const boxes = share.wrapped.map((w) => ({
      recipientDeviceId: requireId(w.recipientDeviceId, 'recipient device'),
      nonce: w.nonce,
      box: w.box,
    }));

    // A holder passes on the key it was given.
    if (!share.newKey && (await WrappedKey.exists({ ...version, recipientDeviceId: sender }))) {
      await insertBoxes(version, sender, boxes);
      return { made: false };
    }
    // Read before the keys, so that a claim made after this read fails its insert or update.
    // (Fresh filters throughout: mongoose casts the one it is given in place.)
    const current = await RoomKeyVersion.findOne({ ...version }).lean();
    if (await WrappedKey.exists({ ...version })) {
      // Someone holds the version's key: only its maker may pass it on without holding it,
      // once its making share is complete (before, its keys may still be on their way).
      if (share.newKey || !current?.makerDeviceId.equals(sender)) throw keyExists();
      if (!current.complete) {
        // A making share that died after its keys, before marking them: past the grace
        // period its keys are the version's, so its maker completes it now.
        if (Date.now() - current.madeAt.getTime() < CLAIM_GRACE_MS) throw keyExists();
        const completed = await RoomKeyVersion.updateOne(
          { ...version, claim: current.claim, complete: false },
          { $set: { complete: true } },
        );
        if (completed.matchedCount === 0) throw keyExists();
      }
      await insertBoxes(version, sender, boxes);
      return { made: false };
    }
    if (boxes.length === 0) return { made: false };

    // Nobody holds a key of this version: never made, every holder removed, or being made.
    const mine = await claim(version, sender, current);
    // Exactly the boxes this call wrote carry its claim (a retry of the same device has its own).
    const undo = () => WrappedKey.deleteMany({ ...version, claim: mine });
    try {
      await insertBoxes(version, sender, boxes, mine);
    } catch (error) {
      // Best effort: leave neither half-stored keys nor a claim that blocks others.
      await undo().catch(() => undefined);
      await RoomKeyVersion.deleteOne({ ...version, claim: mine }).catch(() => undefined);
      throw error;
    }
    const completed = await RoomKeyVersion.updateOne({ ...version, claim: mine }, { $set: { complete: true } });
    if (completed.matchedCount === 0) {
      // Stalled past the grace period and taken over: the other device's key is the version's.
      await undo();
      throw keyExists();
    }
    return { made: true };
  };
}
