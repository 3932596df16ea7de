import { badInput } from '../errors.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict padded base64 of an exact byte length (or a length range); BAD_USER_INPUT otherwise. */
export function checkBase64(value: string, field: string, bytes: number | { min: number; max: number }): Buffer {
  const decoded = BASE64.test(value) ? Buffer.from(value, 'base64') : null;
  const [min, max] = typeof bytes === 'number' ? [bytes, bytes] : [bytes.min, bytes.max];
  if (!decoded || decoded.length < min || decoded.length > max) {
    const size = min === max ? `${min} bytes` : `${min} to ${max} bytes`;
    throw badInput(`${field} must be padded base64 of ${size}.`, field);
  }
  return decoded;
}

export const NONCE_BYTES = 24;
export const KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** secretbox adds a 16-byte tag; 4,000 characters of UTF-8 JSON stay well under 32 KiB. */
export const CIPHERTEXT_BYTES = { min: 16, max: 32 * 1024 };
/** A wrapped room key: 32 bytes plus the 16-byte box tag. */
export const WRAPPED_KEY_BYTES = KEY_BYTES + 16;
export const BACKUP_BYTES = { min: 16, max: 16 * 1024 };
export const MIN_BACKUP_ITERATIONS = 600_000;
