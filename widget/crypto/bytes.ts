// Byte helpers shared by the message and backup formats (UTF-8 by contract).
const encoder = new TextEncoder();
// fatal: invalid UTF-8 in a decrypted payload is an error, not U+FFFD text.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes text as UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes, or returns `null` when they are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** True when `value` is a Uint8Array of exactly `length` bytes (nacl throws on anything else). */
export function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}
