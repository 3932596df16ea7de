import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { utf8Decode, utf8Encode } from './bytes.js';
import { type DeviceKeys, deserializeDeviceKeys, serializeDeviceKeys } from './device-keys.js';

/**
 * What a key backup holds: the keys of the user's recovery device, a device registered like
 * any other whose secret halves exist only inside the sealed backup (and, until sign-out, in
 * the browsers that made or restored it). Members' clients wrap room keys for it as for every
 * device of the user, so a new browser that opens the backup can open them too.
 */
export interface BackupContents {
  /** The recovery device's id (`Device.id`). */
  deviceId: string;
  keys: DeviceKeys;
}

const FORMAT = 'mentor-chat/key-backup/v1';
const MAX_ID_LENGTH = 200;

/**
 * Serializes backup contents for `sealKeyBackup`: UTF-8 JSON
 * `{"format": "mentor-chat/key-backup/v1", "deviceId": "...", "keys": base64(serializeDeviceKeys)}`.
 * The result is secret: never store or send it unsealed.
 *
 * @param contents - the recovery device's id and keys.
 * @returns the bytes to seal.
 */
export function encodeBackupContents(contents: BackupContents): Uint8Array {
  const keys = serializeDeviceKeys(contents.keys);
  const text = JSON.stringify({ format: FORMAT, deviceId: contents.deviceId, keys: encodeBase64(keys) });
  keys.fill(0);
  return utf8Encode(text);
}

/**
 * Reads what {@link encodeBackupContents} made, after `openKeyBackup`. Never throws.
 *
 * @param bytes - the opened backup.
 * @returns the recovery device's id and keys, or `null` when the bytes are not in this format.
 */
export function decodeBackupContents(bytes: Uint8Array): BackupContents | null {
  const text = utf8Decode(bytes);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const { format, deviceId, keys } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (format !== FORMAT || typeof deviceId !== 'string' || deviceId.length === 0) return null;
  if (deviceId.length > MAX_ID_LENGTH) return null;
  const serialized = decodeBase64Exact(keys);
  const restored = serialized && deserializeDeviceKeys(serialized);
  serialized?.fill(0);
  return restored ? { deviceId, keys: restored } : null;
}
