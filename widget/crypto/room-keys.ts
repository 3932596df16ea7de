import nacl from 'tweetnacl';
import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { isBytes } from './bytes.js';

/** A room key sealed for one recipient device: the `nonce` and `box` of a `WrappedRoomKey`, base64. */
export interface WrappedKey {
  nonce: string;
  box: string;
}

const ROOM_KEY_LENGTH = nacl.secretbox.keyLength;
const WRAPPED_LENGTH = ROOM_KEY_LENGTH + nacl.box.overheadLength;

/**
 * Makes a new room key: 32 random bytes. Make a new one (with the next
 * version) whenever a member leaves or is removed.
 *
 * @returns the key.
 */
export function makeRoomKey(): Uint8Array {
  return nacl.randomBytes(ROOM_KEY_LENGTH);
}

/**
 * Seals a room key for one recipient device:
 * `nacl.box(roomKey, nonce, recipientBoxPublicKey, senderBoxSecretKey)`.
 *
 * @param roomKey - the 32-byte room key.
 * @param recipientBoxPublicKey - the recipient device's X25519 public key (32 bytes).
 * @param senderBoxSecretKey - this device's X25519 secret key (32 bytes).
 * @param nonce - 24 bytes; leave it out (a random one is made) except for test vectors.
 * @returns `{ nonce, box }` in base64, for `shareRoomKey`.
 * @throws if a key or the nonce has the wrong length.
 */
export function wrapRoomKey(
  roomKey: Uint8Array,
  recipientBoxPublicKey: Uint8Array,
  senderBoxSecretKey: Uint8Array,
  nonce: Uint8Array = nacl.randomBytes(nacl.box.nonceLength),
): WrappedKey {
  if (!isBytes(roomKey, ROOM_KEY_LENGTH)) throw new RangeError('room key must be 32 bytes');
  const box = nacl.box(roomKey, nonce, recipientBoxPublicKey, senderBoxSecretKey);
  return { nonce: encodeBase64(nonce), box: encodeBase64(box) };
}

/**
 * Opens a room key sealed for this device. Never throws.
 *
 * @param wrapped - `{ nonce, box }` in base64, e.g. a `WrappedRoomKey` from `roomKeys`.
 * @param senderBoxPublicKey - the sending device's X25519 public key (32 bytes).
 * @param recipientBoxSecretKey - this device's X25519 secret key (32 bytes).
 * @returns the 32-byte room key, or `null` if it is malformed, forged or not for this device.
 */
export function unwrapRoomKey(
  wrapped: WrappedKey,
  senderBoxPublicKey: Uint8Array,
  recipientBoxSecretKey: Uint8Array,
): Uint8Array | null {
  const nonce = decodeBase64Exact(wrapped?.nonce, nacl.box.nonceLength);
  const box = decodeBase64Exact(wrapped?.box, WRAPPED_LENGTH);
  if (!nonce || !box) return null;
  // nacl throws on keys of the wrong size; callers may pass what a server sent.
  if (!isBytes(senderBoxPublicKey, nacl.box.publicKeyLength)) return null;
  if (!isBytes(recipientBoxSecretKey, nacl.box.secretKeyLength)) return null;
  return nacl.box.open(box, nonce, senderBoxPublicKey, recipientBoxSecretKey);
}
