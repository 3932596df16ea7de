import nacl from 'tweetnacl';
import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { concatBytes, isBytes } from './bytes.js';

/**
 * Ed25519 detached signatures (`nacl.sign.detached` bytes) through the platform's WebCrypto
 * where it has Ed25519, which is native code and tens of times faster than tweetnacl's pure
 * JavaScript, and through tweetnacl where it does not. Ed25519 is deterministic: both give the
 * same 64 bytes for the same key and message.
 */

/** Which implementation signs and verifies here. */
export type Ed25519Implementation = 'webcrypto' | 'tweetnacl';

const ED25519 = { name: 'Ed25519' } as const;
const EMPTY = new Uint8Array(0);
// RFC 8032 section 7.1, TEST 1: seed, public key, signature of the empty message.
const PROBE_SEED = 'nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=';
const PROBE_PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const PROBE_SIGNATURE = '5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw==';
// PKCS#8 PrivateKeyInfo of an Ed25519 seed (RFC 8410): this prefix, then the 32 bytes.
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
// The group order L, little-endian.
const ORDER = [
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];
// Other devices' public keys, imported once each; a room rarely shows more than a few.
const MAX_PUBLIC_KEYS = 256;

let platform: Promise<SubtleCrypto | null> | undefined;
const publicKeys = new Map<string, Promise<CryptoKey | null>>();
// Keyed by the secret key's array; the copy notices an array whose bytes were changed since.
const secretKeys = new WeakMap<Uint8Array, { bytes: Uint8Array; key: Promise<CryptoKey | null> }>();

/** Settles once on first use: WebCrypto when it signs and verifies RFC 8032's vector exactly. */
function webCrypto(): Promise<SubtleCrypto | null> {
  platform ??= detect().catch(() => null);
  return platform;
}

async function detect(): Promise<SubtleCrypto | null> {
  // Browsers expose SubtleCrypto only in secure contexts; older ones lack Ed25519.
  const subtle = globalThis.crypto?.subtle;
  const [seed, publicKey, signature] = [PROBE_SEED, PROBE_PUBLIC_KEY, PROBE_SIGNATURE].map((b) => decodeBase64Exact(b));
  if (!subtle || !seed || !publicKey || !signature) return null;
  const signer = await importSeed(subtle, seed);
  const verifier = await subtle.importKey('raw', publicKey, ED25519, false, ['verify']);
  const made = new Uint8Array(await subtle.sign(ED25519, signer, EMPTY));
  const ok = equalBytes(made, signature) && (await subtle.verify(ED25519, verifier, signature, EMPTY));
  return ok ? subtle : null;
}

function importSeed(subtle: SubtleCrypto, seed: Uint8Array): Promise<CryptoKey> {
  const pkcs8 = concatBytes(new Uint8Array(PKCS8_PREFIX), seed);
  return subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']).finally(() => pkcs8.fill(0));
}

// nacl signs with the public half stored in its 64-byte secret key, WebCrypto with the one it
// derives from the seed. They agree for every key nacl makes; a key where they do not (altered
// bytes) stays with nacl, so the signature is nacl's whatever the key holds.
async function importSecretKey(subtle: SubtleCrypto, secretKey: Uint8Array): Promise<CryptoKey | null> {
  const signer = await importSeed(subtle, secretKey.subarray(0, nacl.sign.seedLength));
  const ownPublic = await subtle.importKey('raw', secretKey.slice(nacl.sign.seedLength), ED25519, false, ['verify']);
  const probe = await subtle.sign(ED25519, signer, EMPTY);
  return (await subtle.verify(ED25519, ownPublic, probe, EMPTY)) ? signer : null;
}

function secretKeyFor(subtle: SubtleCrypto, secretKey: Uint8Array): Promise<CryptoKey | null> {
  const cached = secretKeys.get(secretKey);
  if (cached && equalBytes(cached.bytes, secretKey)) return cached.key;
  const key = importSecretKey(subtle, secretKey).catch(() => null);
  secretKeys.set(secretKey, { bytes: secretKey.slice(), key });
  return key;
}

function publicKeyFor(subtle: SubtleCrypto, publicKey: Uint8Array): Promise<CryptoKey | null> {
  const id = encodeBase64(publicKey);
  let key = publicKeys.get(id);
  if (!key) {
    if (publicKeys.size >= MAX_PUBLIC_KEYS) publicKeys.delete(publicKeys.keys().next().value as string);
    key = subtle.importKey('raw', publicKey.slice(), ED25519, false, ['verify']).catch(() => null);
    publicKeys.set(id, key);
  }
  return key;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// RFC 8032 requires S < L. WebCrypto (BoringSSL, OpenSSL) refuses a larger S; tweetnacl accepts
// S + L as well as S, so the same check here keeps both paths giving the same answer.
function hasCanonicalS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (signature[32 + i] !== ORDER[i]) return signature[32 + i] < ORDER[i];
  }
  return false;
}

/**
 * Which implementation {@link signDetached} and {@link verifyDetached} use in this runtime.
 * Decided once, on first use, by signing and verifying RFC 8032's first test vector.
 */
export async function ed25519Implementation(): Promise<Ed25519Implementation> {
  return (await webCrypto()) ? 'webcrypto' : 'tweetnacl';
}

/**
 * `nacl.sign.detached(message, secretKey)`, byte for byte, through WebCrypto when it can.
 * Each secret key is imported once (cached per key array).
 *
 * @param message - the bytes to sign.
 * @param secretKey - a 64-byte nacl Ed25519 secret key (seed ++ public key).
 * @returns the 64-byte signature.
 * @throws if the secret key is not 64 bytes, as nacl does.
 */
export async function signDetached(message: Uint8Array, secretKey: Uint8Array): Promise<Uint8Array> {
  if (!isBytes(secretKey, nacl.sign.secretKeyLength)) throw new Error('bad secret key size');
  const subtle = await webCrypto();
  const key = subtle && (await secretKeyFor(subtle, secretKey));
  if (subtle && key) {
    try {
      return new Uint8Array(await subtle.sign(ED25519, key, message as BufferSource));
    } catch {
      // Not expected for a key that imported; nacl signs instead, to the same bytes.
    }
  }
  return nacl.sign.detached(message, secretKey);
}

/**
 * Checks a detached Ed25519 signature, through WebCrypto when it can. Never throws.
 *
 * @param message - the signed bytes.
 * @param signature - 64 bytes.
 * @param publicKey - the signer's 32-byte Ed25519 public key.
 * @returns true when the signature is valid (and canonical, S < L) for this key and message.
 */
export async function verifyDetached(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (!isBytes(signature, nacl.sign.signatureLength) || !isBytes(publicKey, nacl.sign.publicKeyLength)) return false;
  if (!hasCanonicalS(signature)) return false;
  const subtle = await webCrypto();
  const key = subtle && (await publicKeyFor(subtle, publicKey));
  if (subtle && key) {
    try {
      return await subtle.verify(ED25519, key, signature as BufferSource, message as BufferSource);
    } catch {
      // Not expected for a key that imported; nacl gives the answer instead.
    }
  }
  return nacl.sign.detached.verify(message, signature, publicKey);
}

/** {@link verifyDetached} with tweetnacl alone, synchronously (same answers, much slower). */
export function verifyDetachedSync(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature, nacl.sign.signatureLength) || !isBytes(publicKey, nacl.sign.publicKeyLength)) return false;
  return hasCanonicalS(signature) && nacl.sign.detached.verify(message, signature, publicKey);
}
