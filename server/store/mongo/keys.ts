import type { KeyMethods } from '../method-groups.js';
import { shareRoomKeyMethod } from './key-shares.js';
import type { Models } from './models.js';
import { findRecord, parseId, requireId, toDevice, toKeyBackup, toWrappedKey } from './records.js';
import { isDuplicateKey, upsertRetrying } from './write-errors.js';

/** End-to-end encryption material: public keys and sealed blobs only. */
export function keyMethods(models: Models): KeyMethods {
  const { Device, WrappedKey, KeyBackup } = models;
  return {
    /**
     * The cap is kept by the database, not by a count taken before the insert (which any
     * concurrent registration could slip past): a device in use holds one of the user's slots
     * 0 to maxInUse - 1, and the unique (userId, slot) index admits one device per slot. Two
     * registrations that pick the same free slot collide on the index and the loser looks
     * again; none can take a slot that does not exist. The slot lives on the device itself, so
     * unlike a counter document nothing drifts when a call dies halfway, and no transaction
     * (hence no replica set) is needed.
     */
    async createDevice(input, maxInUse) {
      const userId = requireId(input.userId, 'user');
      // Each lost collision means another registration took a slot, so this ends; the bound
      // only turns a bug into an error instead of a loop.
      for (let attempt = 0; attempt < 2 * maxInUse + 2; attempt += 1) {
        const inUse = await Device.find({ userId, removedAt: null }, { slot: 1 }).lean();
        if (inUse.length >= maxInUse) return null;
        const taken = new Set(inUse.map((device) => device.slot));
        let slot = 0;
        while (taken.has(slot)) slot += 1;
        // Fewer than maxInUse devices hold slots, so a free one below maxInUse exists.
        const unslotted = inUse.find((device) => typeof device.slot !== 'number');
        try {
          if (unslotted) {
            // Registered before slots existed: it takes a slot first, so that every device in
            // use is under the index before a new one joins. Then look again.
            await Device.updateOne(
              { _id: unslotted._id, removedAt: null, slot: { $exists: false } },
              { $set: { slot } },
            );
            continue;
          }
          const device = await Device.create({
            userId,
            boxPublicKey: input.boxPublicKey,
            signPublicKey: input.signPublicKey,
            slot,
          });
          return toDevice(device.toObject());
        } catch (error) {
          // Another registration took this slot first: look again.
          if (!isDuplicateKey(error, 'slot')) throw error;
        }
      }
      throw new Error('mongo store: createDevice kept colliding on device slots');
    },

    getDevice: (id) => findRecord(Device, id, toDevice),

    async listDevices(userId) {
      const user = parseId(userId);
      if (!user) return [];
      const docs = await Device.find({ userId: user }).sort({ _id: 1 }).lean();
      return docs.map(toDevice);
    },

    async removeDevice(id, at) {
      const _id = parseId(id);
      if (!_id || !(await Device.exists({ _id }))) return null;
      // No transaction, as in deleteUserKeyMaterial: the keys wrapped for the device go before
      // it is marked and once more after, for a key another member's client wrapped in between.
      const deleteKeysWrappedForIt = () => WrappedKey.deleteMany({ recipientDeviceId: _id });
      await deleteKeysWrappedForIt();
      // One update marks it and gives its slot back (see createDevice).
      await Device.updateOne({ _id, removedAt: null }, { $set: { removedAt: at }, $unset: { slot: 1 } });
      await deleteKeysWrappedForIt();
      return findRecord(Device, id, toDevice);
    },

    shareRoomKey: shareRoomKeyMethod(models),

    async listWrappedKeys(roomId, recipientDeviceId) {
      const room = parseId(roomId);
      const device = parseId(recipientDeviceId);
      if (!room || !device) return [];
      const docs = await WrappedKey.find({ roomId: room, recipientDeviceId: device }).sort({ keyVersion: 1 }).lean();
      return docs.map(toWrappedKey);
    },

    async putKeyBackup(backup) {
      const userId = requireId(backup.userId, 'user');
      const { salt, iterations, nonce, ciphertext, updatedAt } = backup;
      await upsertRetrying(() =>
        KeyBackup.updateOne(
          { userId },
          { $set: { salt, iterations, nonce, ciphertext, updatedAt } },
          { upsert: true, runValidators: true },
        ),
      );
    },

    async getKeyBackup(userId) {
      const user = parseId(userId);
      const doc = user && (await KeyBackup.findOne({ userId: user }).lean());
      return doc ? toKeyBackup(doc) : null;
    },

    async deleteUserKeyMaterial(userId) {
      const user = parseId(userId);
      if (!user) return;
      // No transaction. The keys wrapped for the devices go before the devices, so a call
      // cut short leaves the devices to be found by the next one; and once more after them,
      // for a key another member's client wrapped in between. Keys these devices wrapped for
      // others stay: they are the recipients'. Callers revoke the sessions first, so no new
      // device of this user appears meanwhile.
      const ids = (await Device.find({ userId: user }, { _id: 1 }).lean()).map((device) => device._id);
      // A fresh filter per query: mongoose casts the one it is given in place.
      const deleteKeysWrappedForThem = () => WrappedKey.deleteMany({ recipientDeviceId: { $in: ids } });
      await deleteKeysWrappedForThem();
      await Device.deleteMany({ _id: { $in: ids } });
      await deleteKeysWrappedForThem();
      await KeyBackup.deleteOne({ userId: user });
    },
  };
}
