// Cross-implementation checks: libsodium (C, compiled to JS) must open and verify
// what our tweetnacl module seals and signs, and the other way round.
import { pbkdf2Sync } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type EncryptedPayload,
  encodeBase64,
  makeDeviceKeys,
  makeRoomKey,
  openKeyBackup,
  openMessage,
  openMessageAsync,
  sealKeyBackup,
  sealMessage,
  sealMessageAsync,
  unwrapRoomKey,
  wrapRoomKey,
} from '../../widget/crypto/index.js';

type Bytes = Uint8Array;
type KeyPair = { publicKey: Bytes; privateKey: Bytes };
/** The part of libsodium-wrappers used here (the package ships no types). */
interface Sodium {
  ready: Promise<void>;
  crypto_box_keypair(): KeyPair;
  crypto_sign_keypair(): KeyPair;
  crypto_box_easy(message: Bytes, nonce: Bytes, publicKey: Bytes, secretKey: Bytes): Bytes;
  crypto_box_open_easy(box: Bytes, nonce: Bytes, publicKey: Bytes, secretKey: Bytes): Bytes;
  crypto_secretbox_easy(message: Bytes, nonce: Bytes, key: Bytes): Bytes;
  crypto_secretbox_open_easy(box: Bytes, nonce: Bytes, key: Bytes): Bytes;
  crypto_sign_detached(message: Bytes, secretKey: Bytes): Bytes;
  crypto_sign_verify_detached(signature: Bytes, message: Bytes, publicKey: Bytes): boolean;
  randombytes_buf(length: number): Bytes;
}

// The package's ESM build imports a file it does not ship (0.7.16), so load the CommonJS one.
const sodium = createRequire(import.meta.url)('libsodium-wrappers') as Sodium;
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const utf8 = (text: string) => new TextEncoder().encode(text);
/** The contract's signed bytes, written out again here rather than taken from the module. */
const signedBytes = (roomId: string, keyVersion: number, nonce: Bytes, ciphertext: Bytes) =>
  new Uint8Array([...utf8(`mentor-chat/v1\n${roomId}\n${keyVersion}\n`), ...nonce, ...ciphertext]);

const roomId = 'Um9vbTppbnRlcm9w';
const body = 'Zurück um 15 Uhr? 👍 «ça va»';

beforeAll(async () => {
  await sodium.ready;
});

describe('room keys: nacl.box <-> crypto_box_easy', () => {
  it('libsodium opens a room key we wrapped', () => {
    const sender = makeDeviceKeys();
    const recipient = sodium.crypto_box_keypair();
    const roomKey = makeRoomKey();
    const wrapped = wrapRoomKey(roomKey, recipient.publicKey, sender.box.secretKey);
    const opened = sodium.crypto_box_open_easy(
      bytes(wrapped.box),
      bytes(wrapped.nonce),
      sender.box.publicKey,
      recipient.privateKey,
    );
    expect(opened).toEqual(roomKey);
  });

  it('we open a room key libsodium wrapped', () => {
    const sender = sodium.crypto_box_keypair();
    const recipient = makeDeviceKeys();
    const roomKey = sodium.randombytes_buf(32);
    const nonce = sodium.randombytes_buf(24);
    const box = sodium.crypto_box_easy(roomKey, nonce, recipient.box.publicKey, sender.privateKey);
    const wrapped = { nonce: encodeBase64(nonce), box: encodeBase64(box) };
    expect(unwrapRoomKey(wrapped, sender.publicKey, recipient.box.secretKey)).toEqual(roomKey);
  });
});

describe('messages: secretbox and detached signatures', () => {
  it('libsodium verifies and decrypts a message we sealed', () => {
    const device = makeDeviceKeys();
    const roomKey = makeRoomKey();
    const p = sealMessage({
      body,
      roomId,
      keyVersion: 7,
      roomKey,
      senderDeviceId: 'd1',
      signSecretKey: device.sign.secretKey,
    });
    const [nonce, ciphertext] = [bytes(p.nonce), bytes(p.ciphertext)];
    const message = signedBytes(roomId, 7, nonce, ciphertext);
    expect(sodium.crypto_sign_verify_detached(bytes(p.signature), message, device.sign.publicKey)).toBe(true);
    const plaintext = sodium.crypto_secretbox_open_easy(ciphertext, nonce, roomKey);
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({ body });
  });

  it.each([
    ['openMessage', async (p: EncryptedPayload, k: Parameters<typeof openMessage>[1]) => openMessage(p, k)],
    ['openMessageAsync', openMessageAsync],
  ])('%s opens a message libsodium built to the contract format', async (_name, open) => {
    const signer = sodium.crypto_sign_keypair();
    const roomKey = sodium.randombytes_buf(32);
    const nonce = sodium.randombytes_buf(24);
    const ciphertext = sodium.crypto_secretbox_easy(utf8(JSON.stringify({ body })), nonce, roomKey);
    const signature = sodium.crypto_sign_detached(signedBytes(roomId, 2, nonce, ciphertext), signer.privateKey);
    const payload: EncryptedPayload = {
      v: 1,
      keyVersion: 2,
      senderDeviceId: 'RGV2aWNlOnNvZGl1bQ==',
      nonce: encodeBase64(nonce),
      ciphertext: encodeBase64(ciphertext),
      signature: encodeBase64(signature),
    };
    const keys = { roomId, roomKey, senderSignPublicKey: signer.publicKey };
    expect(await open(payload, keys)).toEqual({ ok: true, body });
    expect(await open({ ...payload, keyVersion: 1 }, keys)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('libsodium and tweetnacl make the same signature with the same key (Ed25519 is deterministic)', () => {
    const signer = sodium.crypto_sign_keypair();
    const roomKey = makeRoomKey();
    const nonce = sodium.randombytes_buf(24);
    const p = sealMessage({
      body,
      roomId,
      keyVersion: 1,
      roomKey,
      senderDeviceId: 'd',
      signSecretKey: signer.privateKey,
      nonce,
    });
    const message = signedBytes(roomId, 1, nonce, bytes(p.ciphertext));
    expect(p.signature).toBe(encodeBase64(sodium.crypto_sign_detached(message, signer.privateKey)));
  });
});

describe('messages through WebCrypto Ed25519 (the widget path): the same checks', () => {
  it('libsodium verifies a message sealed with sealMessageAsync, to the same signature it makes', async () => {
    const signer = sodium.crypto_sign_keypair();
    const roomKey = makeRoomKey();
    const nonce = sodium.randombytes_buf(24);
    const input = {
      body,
      roomId,
      keyVersion: 4,
      roomKey,
      senderDeviceId: 'd',
      signSecretKey: signer.privateKey,
      nonce,
    };
    const p = await sealMessageAsync(input);
    const message = signedBytes(roomId, 4, nonce, bytes(p.ciphertext));
    expect(sodium.crypto_sign_verify_detached(bytes(p.signature), message, signer.publicKey)).toBe(true);
    expect(p.signature).toBe(encodeBase64(sodium.crypto_sign_detached(message, signer.privateKey)));
  });
});

describe('key backup: WebCrypto PBKDF2 <-> node:crypto PBKDF2 with libsodium secretbox', () => {
  const passphrase = 'Tür zum Garten 🌱';

  it('node:crypto and libsodium open a backup we sealed', async () => {
    const secret = sodium.randombytes_buf(65);
    const backup = await sealKeyBackup(secret, passphrase);
    const key = pbkdf2Sync(utf8(passphrase), bytes(backup.salt), backup.iterations, 32, 'sha256');
    expect(sodium.crypto_secretbox_open_easy(bytes(backup.ciphertext), bytes(backup.nonce), key)).toEqual(secret);
  });

  it('we open a backup sealed by node:crypto and libsodium', async () => {
    const secret = sodium.randombytes_buf(65);
    const salt = sodium.randombytes_buf(16);
    const nonce = sodium.randombytes_buf(24);
    const key = pbkdf2Sync(utf8(passphrase), salt, 600_000, 32, 'sha256');
    const ciphertext = sodium.crypto_secretbox_easy(secret, nonce, key);
    const backup = {
      salt: encodeBase64(salt),
      iterations: 600_000,
      nonce: encodeBase64(nonce),
      ciphertext: encodeBase64(ciphertext),
    };
    expect(await openKeyBackup(backup, passphrase)).toEqual(secret);
  });
});
