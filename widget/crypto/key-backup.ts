import nacl from 'tweetnacl';
import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { utf8Encode } from './bytes.js';

/** A sealed key backup as `saveKeyBackup` takes it and `keyBackup` returns it (base64 fields). */
export interface SealedKeyBackup {
  salt: string;
  iterations: number;
  nonce: string;
  ciphertext: string;
}

/** The fewest PBKDF2-SHA-256 iterations a backup may be sealed with (OWASP's 2023 figure). */
export const MIN_BACKUP_ITERATIONS = 600_000;
// A hostile server could ask for a count that freezes the tab; ~17x the minimum is plenty.
const MAX_BACKUP_ITERATIONS = 10_000_000;
const SALT_LENGTH = 16;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  // Browsers expose SubtleCrypto only in secure contexts (https or localhost).
  if (!s) throw new Error('WebCrypto is unavailable here: key backup needs a secure context (https)');
  return s;
}

// NFC so the same passphrase typed on different systems gives the same key.
async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const secret = utf8Encode(passphrase.normalize('NFC'));
  const material = await subtle().importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256);
  return new Uint8Array(bits);
}

/**
 * Seals secret material (e.g. `serializeDeviceKeys` output) under a
 * passphrase, in the browser, so the server only ever holds ciphertext:
 * PBKDF2-SHA-256 over the UTF-8 of the NFC-normalized passphrase, with a random
 * 16-byte salt, derives a 32-byte key, and `nacl.secretbox` seals with a random
 * 24-byte nonce.
 *
 * @param secretMaterial - the bytes to protect.
 * @param passphrase - the user's backup passphrase (not empty).
 * @param iterations - PBKDF2 iterations, at least {@link MIN_BACKUP_ITERATIONS}.
 * @returns `{ salt, iterations, nonce, ciphertext }` for `saveKeyBackup`.
 * @throws if `iterations` is below the minimum (or above 10,000,000), the passphrase
 *   is empty, or WebCrypto is unavailable (pages not served over https).
 */
export async function sealKeyBackup(
  secretMaterial: Uint8Array,
  passphrase: string,
  iterations = MIN_BACKUP_ITERATIONS,
): Promise<SealedKeyBackup> {
  if (!isAllowedIterations(iterations)) {
    throw new RangeError(`iterations must be an integer from ${MIN_BACKUP_ITERATIONS} to ${MAX_BACKUP_ITERATIONS}`);
  }
  if (passphrase.length === 0) throw new RangeError('passphrase must not be empty');
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const key = await deriveKey(passphrase, salt, iterations);
  const ciphertext = nacl.secretbox(secretMaterial, nonce, key);
  key.fill(0);
  return { salt: encodeBase64(salt), iterations, nonce: encodeBase64(nonce), ciphertext: encodeBase64(ciphertext) };
}

/**
 * Opens a backup made by {@link sealKeyBackup}. Never throws on a malformed or
 * altered backup, nor on a wrong passphrase.
 *
 * @param backup - the sealed backup, e.g. from the `keyBackup` query.
 * @param passphrase - the user's backup passphrase.
 * @returns the secret material, or `null` if the passphrase is wrong or the backup
 *   is malformed, altered, or names an iteration count outside the allowed range.
 * @throws only if WebCrypto is unavailable (pages not served over https).
 */
export async function openKeyBackup(backup: SealedKeyBackup, passphrase: string): Promise<Uint8Array | null> {
  const salt = decodeBase64Exact(backup?.salt, SALT_LENGTH);
  const nonce = decodeBase64Exact(backup?.nonce, nacl.secretbox.nonceLength);
  const ciphertext = decodeBase64Exact(backup?.ciphertext);
  const iterations = backup?.iterations;
  if (!salt || !nonce || !ciphertext || !isAllowedIterations(iterations)) return null;
  if (typeof passphrase !== 'string' || passphrase.length === 0) return null;
  const key = await deriveKey(passphrase, salt, iterations);
  const opened = nacl.secretbox.open(ciphertext, nonce, key);
  key.fill(0);
  return opened;
}

function isAllowedIterations(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= MIN_BACKUP_ITERATIONS && (n as number) <= MAX_BACKUP_ITERATIONS;
}
