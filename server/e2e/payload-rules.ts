import { createPublicKey, verify } from 'node:crypto';
import { badInput } from '../errors.js';
import type { EncryptedPayloadRecord } from '../store/store.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict, canonical padded base64 of an exact byte length (or a length range); BAD_USER_INPUT
 * otherwise. Canonical (no stray low bits in the last character) so each byte string has one
 * accepted text, as the widget's `decodeBase64Exact` demands.
 */
export function checkBase64(value: string, field: string, bytes: number | { min: number; max: number }): Buffer {
  const [min, max] = typeof bytes === 'number' ? [bytes, bytes] : [bytes.min, bytes.max];
  // Length first: an oversized string is refused before it is decoded.
  const fits = value.length <= Math.ceil(max / 3) * 4 && BASE64.test(value);
  const decoded = fits ? Buffer.from(value, 'base64') : null;
  if (!decoded || decoded.length < min || decoded.length > max || decoded.toString('base64') !== value) {
    const size = min === max ? `${min} bytes` : `${min} to ${max} bytes`;
    throw badInput(`${field} must be padded base64 of ${size}.`, field);
  }
  return decoded;
}

/**
 * Whether `signature` is the sender device's Ed25519 signature over the contract's bytes:
 * `UTF-8("mentor-chat/v1\n" + roomId + "\n" + keyVersion + "\n") ++ nonce ++ ciphertext`,
 * with `roomId` the room's global id (what clients see and sign).
 */
export function signatureVerifies(roomGlobalId: string, payload: EncryptedPayloadRecord, signPublicKey: string) {
  const header = Buffer.from(`mentor-chat/v1\n${roomGlobalId}\n${payload.keyVersion}\n`, 'utf8');
  const signed = Buffer.concat([
    header,
    Buffer.from(payload.nonce, 'base64'),
    Buffer.from(payload.ciphertext, 'base64'),
  ]);
  const publicKey = Buffer.from(signPublicKey, 'base64');
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    // OpenSSL's Ed25519: native, and strict like the widget (S < L), so a malleated twin of a
    // signature is refused here rather than stored and shown as unverifiable.
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
      format: 'jwk',
    });
    return verify(null, signed, key, Buffer.from(payload.signature, 'base64'));
  } catch {
    return false; // not a point on the curve
  }
}

const ED25519_PUBLIC_KEY_BYTES = 32;

export const NONCE_BYTES = 24;
export const KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** secretbox adds a 16-byte tag; 4,000 characters of UTF-8 JSON stay well under 32 KiB. */
export const CIPHERTEXT_BYTES = { min: 16, max: 32 * 1024 };
/** A wrapped room key: 32 bytes plus the 16-byte box tag. */
export const WRAPPED_KEY_BYTES = KEY_BYTES + 16;
export const BACKUP_BYTES = { min: 16, max: 16 * 1024 };
export const MIN_BACKUP_ITERATIONS = 600_000;
