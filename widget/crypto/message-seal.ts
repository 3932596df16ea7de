import nacl from 'tweetnacl';
import { decodeBase64Exact, encodeBase64 } from './base64.js';
import { concatBytes, isBytes, utf8Decode, utf8Encode } from './bytes.js';
import { signDetached, verifyDetached, verifyDetachedSync } from './ed25519.js';

/** The contract's `EncryptedPayload`: what the server stores and relays instead of a body. */
export interface EncryptedPayload {
  v: 1;
  keyVersion: number;
  senderDeviceId: string;
  /** base64, 24 bytes */
  nonce: string;
  /** base64: `nacl.secretbox` of UTF-8 JSON `{"body": "..."}` */
  ciphertext: string;
  /** base64, 64 bytes: Ed25519 over the room, key version, nonce and ciphertext */
  signature: string;
}

/** What {@link sealMessageAsync} (and {@link sealMessage}) needs. */
export interface SealMessageInput {
  body: string;
  roomId: string;
  keyVersion: number;
  /** The 32-byte room key of `keyVersion`. */
  roomKey: Uint8Array;
  senderDeviceId: string;
  /** This device's 64-byte Ed25519 secret key. */
  signSecretKey: Uint8Array;
  /** 24 bytes; leave it out (a random one is made) except for test vectors. */
  nonce?: Uint8Array;
}

/** What {@link openMessageAsync} (and {@link openMessage}) needs besides the payload. */
export interface OpenMessageKeys {
  /** The room the message arrived in: a payload moved to another room fails its signature. */
  roomId: string;
  /** The room key whose version is `payload.keyVersion`. */
  roomKey: Uint8Array;
  /** `signPublicKey` of the device named by `payload.senderDeviceId`, decoded (32 bytes). */
  senderSignPublicKey: Uint8Array;
}

/** Why a message could not be shown; the reader shows a warning instead of the text. */
export type OpenFailure = 'bad-signature' | 'cannot-decrypt' | 'malformed';

/** The outcome of {@link openMessageAsync} and {@link openMessage}. */
export type OpenedMessage = { ok: true; body: string } | { ok: false; reason: OpenFailure };

const PAYLOAD_VERSION = 1;

/** `UTF-8("mentor-chat/v1\n" + roomId + "\n" + keyVersion + "\n") ++ nonce ++ ciphertext` */
function signedBytes(roomId: string, keyVersion: number, nonce: Uint8Array, ciphertext: Uint8Array) {
  const header = utf8Encode(`mentor-chat/v1\n${roomId}\n${keyVersion}\n`);
  return concatBytes(header, nonce, ciphertext);
}

// A newline in roomId would let two (roomId, keyVersion) pairs sign the same bytes.
function isValidRoomId(roomId: unknown): roomId is string {
  return typeof roomId === 'string' && roomId.length > 0 && !roomId.includes('\n');
}

function isValidKeyVersion(keyVersion: unknown): keyVersion is number {
  return Number.isSafeInteger(keyVersion) && (keyVersion as number) >= 1;
}

/** Checks the input and encrypts; what is left is to sign `signed`. */
function encrypt(input: SealMessageInput) {
  const { body, roomId, keyVersion, roomKey } = input;
  const nonce = input.nonce ?? nacl.randomBytes(nacl.secretbox.nonceLength);
  if (!isValidRoomId(roomId)) throw new TypeError('roomId must be non-empty, without newlines');
  if (!isValidKeyVersion(keyVersion)) throw new RangeError('keyVersion must be an integer >= 1');
  const plaintext = utf8Encode(JSON.stringify({ body }));
  const ciphertext = nacl.secretbox(plaintext, nonce, roomKey);
  return { nonce, ciphertext, signed: signedBytes(roomId, keyVersion, nonce, ciphertext) };
}

function payloadOf(
  input: SealMessageInput,
  sealed: { nonce: Uint8Array; ciphertext: Uint8Array },
  signature: Uint8Array,
): EncryptedPayload {
  return {
    v: PAYLOAD_VERSION,
    keyVersion: input.keyVersion,
    senderDeviceId: input.senderDeviceId,
    nonce: encodeBase64(sealed.nonce),
    ciphertext: encodeBase64(sealed.ciphertext),
    signature: encodeBase64(signature),
  };
}

/**
 * Encrypts and signs a message body for an encrypted room, in the contract's
 * format: `ciphertext = nacl.secretbox(UTF-8 JSON {"body"}, nonce, roomKey)`,
 * `signature = nacl.sign.detached(UTF-8("mentor-chat/v1\n" + roomId + "\n" +
 * keyVersion + "\n") ++ nonce ++ ciphertext, signSecretKey)`.
 *
 * Signs with the platform's WebCrypto Ed25519 where it has one (tweetnacl otherwise): the
 * same bytes as {@link sealMessage}, without blocking the main thread for milliseconds.
 *
 * @param input - the body, where it goes, and this device's keys.
 * @returns the `EncryptedPayload` to send as `sendMessage`'s `encrypted`.
 * @throws (rejects) if `roomId` is empty or holds a newline, `keyVersion` is not a
 *   positive integer, or a key or the nonce has the wrong length.
 */
export async function sealMessageAsync(input: SealMessageInput): Promise<EncryptedPayload> {
  const sealed = encrypt(input);
  return payloadOf(input, sealed, await signDetached(sealed.signed, input.signSecretKey));
}

/**
 * {@link sealMessageAsync} with tweetnacl alone, synchronously: the same bytes, but a
 * pure-JavaScript signature costs milliseconds. For Node tools and tests; the widget
 * uses the async one.
 *
 * @throws if `roomId` is empty or holds a newline, `keyVersion` is not a positive
 *   integer, or a key or the nonce has the wrong length.
 */
export function sealMessage(input: SealMessageInput): EncryptedPayload {
  const sealed = encrypt(input);
  return payloadOf(input, sealed, nacl.sign.detached(sealed.signed, input.signSecretKey));
}

type Parsed =
  | { ok: false; reason: OpenFailure }
  | {
      ok: true;
      nonce: Uint8Array;
      ciphertext: Uint8Array;
      signature: Uint8Array<ArrayBuffer>;
      signed: Uint8Array<ArrayBuffer>;
    };

function parse(payload: EncryptedPayload, keys: OpenMessageKeys): Parsed {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<EncryptedPayload>;
  const nonce = decodeBase64Exact(p.nonce, nacl.secretbox.nonceLength);
  const ciphertext = decodeBase64Exact(p.ciphertext);
  const signature = decodeBase64Exact(p.signature, nacl.sign.signatureLength);
  if (
    p.v !== PAYLOAD_VERSION ||
    !isValidKeyVersion(p.keyVersion) ||
    !isValidRoomId(keys?.roomId) ||
    !nonce ||
    !signature ||
    !ciphertext ||
    ciphertext.length < nacl.secretbox.overheadLength
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, nonce, ciphertext, signature, signed: signedBytes(keys.roomId, p.keyVersion, nonce, ciphertext) };
}

// Only after the signature checked out.
function decrypt(nonce: Uint8Array, ciphertext: Uint8Array, roomKey: Uint8Array): OpenedMessage {
  const plaintext = isBytes(roomKey, nacl.secretbox.keyLength) ? nacl.secretbox.open(ciphertext, nonce, roomKey) : null;
  if (!plaintext) return { ok: false, reason: 'cannot-decrypt' };
  const body = parseBody(plaintext);
  return body === null ? { ok: false, reason: 'malformed' } : { ok: true, body };
}

/**
 * Verifies and decrypts a message from an encrypted room. Never throws (never rejects),
 * whatever the payload holds. The signature is checked before anything is decrypted, so
 * a forged payload is reported as `bad-signature`, never decrypted.
 *
 * Verifies with the platform's WebCrypto Ed25519 where it has one (tweetnacl otherwise).
 *
 * @param payload - the message's `encrypted` field as received.
 * @param keys - the room it arrived in, the room key of its `keyVersion`, the sender's sign key.
 * @returns `{ ok: true, body }`, or `{ ok: false, reason }`: `malformed` (not in the
 *   contract's format, outside or inside: no UTF-8 JSON `{"body": string}` in it),
 *   `bad-signature` (not signed by that device for this room and key version, or
 *   altered), `cannot-decrypt` (signed, but not sealed with this room key).
 */
export async function openMessageAsync(payload: EncryptedPayload, keys: OpenMessageKeys): Promise<OpenedMessage> {
  const parsed = parse(payload, keys);
  if (!parsed.ok) return parsed;
  const { nonce, ciphertext, signature, signed } = parsed;
  if (!(await verifyDetached(signed, signature, keys.senderSignPublicKey)))
    return { ok: false, reason: 'bad-signature' };
  return decrypt(nonce, ciphertext, keys.roomKey);
}

/**
 * {@link openMessageAsync} with tweetnacl alone, synchronously: the same answers, but a
 * pure-JavaScript signature check costs milliseconds. For Node tools and tests; the
 * widget uses the async one.
 */
export function openMessage(payload: EncryptedPayload, keys: OpenMessageKeys): OpenedMessage {
  const parsed = parse(payload, keys);
  if (!parsed.ok) return parsed;
  const { nonce, ciphertext, signature, signed } = parsed;
  if (!verifyDetachedSync(signed, signature, keys.senderSignPublicKey)) return { ok: false, reason: 'bad-signature' };
  return decrypt(nonce, ciphertext, keys.roomKey);
}

// A signed, decryptable payload whose plaintext is not {"body": string} still cannot be shown.
function parseBody(plaintext: Uint8Array): string | null {
  const text = utf8Decode(plaintext);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    const body = (parsed as { body?: unknown } | null)?.body;
    return typeof body === 'string' ? body : null;
  } catch {
    return null;
  }
}
