/**
 * Base64 (standard alphabet, with padding) for browsers and Node alike.
 *
 * Dependency-free and DOM-free on purpose: the server imports
 * {@link decodeBase64Exact} to validate the payloads it stores.
 */

// Canonical form only: whole quads, padding only at the end.
const BASE64_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// String.fromCharCode(...bytes) overflows the call stack on large inputs.
const CHUNK = 0x8000;

/**
 * Encodes bytes as standard base64 with padding.
 *
 * @param bytes - the bytes to encode.
 * @returns the base64 text, e.g. `"AAEC"` for `[0, 1, 2]`.
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes standard, padded base64 strictly, for input that may be hostile.
 * Never throws.
 *
 * Rejects anything that is not a string, holds characters outside the
 * alphabet or whitespace, lacks padding, or is not the canonical encoding of
 * its bytes (non-zero trailing bits), so that each byte string has exactly
 * one accepted text.
 *
 * @param s - the text to decode (any value; non-strings give `null`).
 * @param expectedLength - if given, the exact number of bytes required.
 * @returns the bytes, or `null` when the input is malformed or has the wrong length.
 */
export function decodeBase64Exact(s: unknown, expectedLength?: number): Uint8Array<ArrayBuffer> | null {
  if (typeof s !== 'string') return null;
  // Check the length before decoding, so an oversized string costs nothing.
  if (expectedLength !== undefined && s.length !== Math.ceil(expectedLength / 3) * 4) return null;
  if (!BASE64_SHAPE.test(s)) return null;
  const binary = atob(s);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (expectedLength !== undefined && bytes.length !== expectedLength) return null;
  // atob ignores the unused low bits of the last character; a round trip catches them.
  if (encodeBase64(bytes) !== s) return null;
  return bytes;
}
