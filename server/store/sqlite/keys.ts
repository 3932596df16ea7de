import { randomUUID } from 'node:crypto';
import type { KeyMethods } from '../method-groups.js';
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

  return {
    async createDevice(device) {
      const row = q.insertDevice.get({
        id: randomUUID(),
        user_id: device.userId,
        box_public_key: device.boxPublicKey,
        sign_public_key: device.signPublicKey,
        created_at: Date.now(),
      });
      return toDevice(row!);
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
    async putWrappedKeys(keys) {
      const putAll = db.transaction(() => {
        for (const key of keys) {
          q.upsertWrappedKey.run({
            room_id: key.roomId,
            key_version: key.keyVersion,
            recipient_device_id: key.recipientDeviceId,
            sender_device_id: key.senderDeviceId,
            nonce: key.nonce,
            box: key.box,
          });
        }
      });
      putAll.immediate();
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
