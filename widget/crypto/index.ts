/**
 * End-to-end encryption for `<mentor-chat>`, to the byte formats of the API
 * contract ("End-to-end encryption"). Pure functions over tweetnacl and
 * WebCrypto (PBKDF2 for key backups; Ed25519 signatures where the platform has
 * them, tweetnacl otherwise): no DOM, no network, no storage.
 */
export { type BackupContents, decodeBackupContents, encodeBackupContents } from './backup-payload.js';
export { decodeBase64Exact, encodeBase64 } from './base64.js';
export {
  type DeviceKeys,
  deserializeDeviceKeys,
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  makeDeviceKeys,
  type PublicDeviceKeys,
  serializeDeviceKeys,
} from './device-keys.js';
export { type Ed25519Implementation, ed25519Implementation } from './ed25519.js';
export { MIN_BACKUP_ITERATIONS, openKeyBackup, type SealedKeyBackup, sealKeyBackup } from './key-backup.js';
export {
  type EncryptedPayload,
  type OpenedMessage,
  type OpenFailure,
  type OpenMessageKeys,
  openMessage,
  openMessageAsync,
  type SealMessageInput,
  sealMessage,
  sealMessageAsync,
} from './message-seal.js';
export { makeRoomKey, unwrapRoomKey, type WrappedKey, wrapRoomKey } from './room-keys.js';
