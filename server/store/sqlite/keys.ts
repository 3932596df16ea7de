import { randomUUID } from 'node:crypto';
import type { KeyMethods } from '../method-groups.js';
import { type NewDevice, type RoomKeyShare, StoreConflictError } from '../store.js';
import { one, toDevice, toKeyBackup, toWrappedKey } from './rows.js';
import type { Sqlite } from './statements.js';

/** End-to-end encryption material: public keys and sealed blobs only. */
export function keyMethods({ db, q }: Sqlite): KeyMethods {
  const deleteUserKeyMaterial = db.transaction((userId: string) => {
    // Keys first: they refer to the devices as recipients.
    q.deleteKeysWrappedForUser.run(userId);
    q.deleteDevicesOfUser.run(userId);
    q.deleteKeyBackup.run(userId);
  });

  const removeDevice = db.transaction((id: string, at: number) => {
    if (!q.deviceById.get(id)) return null;
    q.deleteKeysWrappedForDevice.run(id);
    q.markDeviceRemoved.run({ id, at });
    return toDevice(q.deviceById.get(id)!);
  });

  // Count and insert under one write lock (IMMEDIATE), so that no other connection or
  // process registers a device for the user in between: the cap holds under any concurrency.
  const createDevice = db.transaction((device: NewDevice, maxInUse: number) => {
    if (q.devicesInUse.get(device.userId)! >= maxInUse) return null;
    const row = q.insertDevice.get({
      id: randomUUID(),
      user_id: device.userId,
      box_public_key: device.boxPublicKey,
      sign_public_key: device.signPublicKey,
      created_at: Date.now(),
    });
    return toDevice(row!);
  });

  // The rule and the writes under one write lock (IMMEDIATE): of two devices making the same
  // version at once, the second finds the first one's keys and is refused, having written nothing.
  const shareRoomKey = db.transaction((share: RoomKeyShare, at: number) => {
    const { roomId, keyVersion, senderDeviceId } = share;
    let made = false;
    const passingOn = !share.newKey && q.holdsKeyVersion.get(roomId, senderDeviceId, keyVersion) !== undefined;
    if (!passingOn) {
      if (q.keyVersionHeld.get(roomId, keyVersion) !== undefined) {
        // Someone holds the version's key: only its maker may pass it on without holding it.
        if (share.newKey || q.keyVersionMaker.get(roomId, keyVersion) !== senderDeviceId) {
          throw new StoreConflictError('roomId,keyVersion');
        }
      } else if (share.wrapped.length > 0) {
        // Nobody holds it: never made, or every holder was removed. This share makes it.
        q.recordKeyVersionMaker.run({
          room_id: roomId,
          key_version: keyVersion,
          maker_device_id: senderDeviceId,
          made_at: at,
        });
        made = true;
      }
    }
    for (const w of share.wrapped) {
      q.insertWrappedKeyIfNone.run({
        room_id: roomId,
        key_version: keyVersion,
        recipient_device_id: w.recipientDeviceId,
        sender_device_id: senderDeviceId,
        nonce: w.nonce,
        box: w.box,
      });
    }
    return { made };
  });

  return {
    async createDevice(device, maxInUse) {
      return createDevice.immediate(device, maxInUse);
    },
    async getDevice(id) {
      return one(q.deviceById.get(id), toDevice);
    },
    async listDevices(userId) {
      return q.devicesByUser.all(userId).map(toDevice);
    },
    async removeDevice(id, at) {
      return removeDevice.immediate(id, at.getTime());
    },
    async shareRoomKey(share) {
      return shareRoomKey.immediate(share, Date.now());
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
    async deleteUserKeyMaterial(userId) {
      deleteUserKeyMaterial.immediate(userId);
    },
  };
}
