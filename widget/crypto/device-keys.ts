import nacl from 'tweetnacl';
import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { isBytes } from './bytes.js';

/** A device's two key pairs: X25519 to receive room keys, Ed25519 to sign messages. */
export interface DeviceKeys {
  box: nacl.BoxKeyPair;
  sign: nacl.SignKeyPair;
}

/** The public halves of a device's keys as base64, as `registerDevice` and `Device` carry them. */
export interface PublicDeviceKeys {
  boxPublicKey: string;
  signPublicKey: string;
}

// Serialized form: a format byte, the X25519 secret key, the Ed25519 seed.
// Public keys are derived again on load, so a backup can never hold a
// public half that does not match its secret.
const SERIAL_FORMAT = 1;
const SERIAL_LENGTH = 1 + nacl.box.secretKeyLength + nacl.sign.seedLength;

/**
 * Makes a new device identity from the platform's secure random source.
 * The secret keys must never leave the device, except sealed in a key backup.
 *
 * @returns fresh `nacl.box` and `nacl.sign` key pairs.
 */
export function makeDeviceKeys(): DeviceKeys {
  return { box: nacl.box.keyPair(), sign: nacl.sign.keyPair() };
}

/**
 * Exports the public halves of a device's keys for `registerDevice`.
 *
 * @param keys - the device's keys.
 * @returns `{ boxPublicKey, signPublicKey }` in base64.
 */
export function exportPublicDeviceKeys(keys: DeviceKeys): PublicDeviceKeys {
  return {
    boxPublicKey: encodeBase64(keys.box.publicKey),
    signPublicKey: encodeBase64(keys.sign.publicKey),
  };
}

/**
 * Decodes another device's public keys as the server returns them. Never throws.
 *
 * @param keys - `{ boxPublicKey, signPublicKey }` in base64, e.g. a `Device` from `devices(userId:)`.
 * @returns the raw 32-byte keys, or `null` if either is malformed or of the wrong length.
 */
export function importPublicDeviceKeys(
  keys: PublicDeviceKeys,
): { boxPublicKey: Uint8Array; signPublicKey: Uint8Array } | null {
  const boxPublicKey = decodeBase64Exact(keys?.boxPublicKey, nacl.box.publicKeyLength);
  const signPublicKey = decodeBase64Exact(keys?.signPublicKey, nacl.sign.publicKeyLength);
  return boxPublicKey && signPublicKey ? { boxPublicKey, signPublicKey } : null;
}

/**
 * Serializes a device's secret keys (65 bytes) so they can be sealed with
 * `sealKeyBackup`. The result is secret: never store or send it unsealed.
 *
 * @param keys - the device's keys.
 * @returns a format byte, the box secret key and the sign seed.
 */
export function serializeDeviceKeys(keys: DeviceKeys): Uint8Array {
  const out = new Uint8Array(SERIAL_LENGTH);
  out[0] = SERIAL_FORMAT;
  out.set(keys.box.secretKey, 1);
  // An Ed25519 secret key in nacl is seed ++ public key; the seed is enough.
  out.set(keys.sign.secretKey.subarray(0, nacl.sign.seedLength), 1 + nacl.box.secretKeyLength);
  return out;
}

/**
 * Restores a device's keys from {@link serializeDeviceKeys} output, e.g. after
 * `openKeyBackup`. Never throws.
 *
 * @param bytes - the serialized keys.
 * @returns the keys with their public halves derived again, or `null` if the bytes are not in this format.
 */
export function deserializeDeviceKeys(bytes: Uint8Array): DeviceKeys | null {
  if (!isBytes(bytes, SERIAL_LENGTH) || bytes[0] !== SERIAL_FORMAT) return null;
  const boxSecret = bytes.slice(1, 1 + nacl.box.secretKeyLength);
  const signSeed = bytes.slice(1 + nacl.box.secretKeyLength);
  return {
    box: nacl.box.keyPair.fromSecretKey(boxSecret),
    sign: nacl.sign.keyPair.fromSeed(signSeed),
  };
}
