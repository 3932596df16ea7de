import nacl from 'tweetnacl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeBase64Exact,
  deserializeDeviceKeys,
  type EncryptedPayload,
  encodeBase64,
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  MIN_BACKUP_ITERATIONS,
  makeDeviceKeys,
  makeRoomKey,
  openKeyBackup,
  openMessage,
  sealKeyBackup,
  sealMessage,
  serializeDeviceKeys,
  unwrapRoomKey,
  wrapRoomKey,
} from '../../widget/crypto/index.js';
import { alice, bob, bytes, msg, openKeys, payload, roomKey, vectors } from '../utils/crypto-fixtures.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Flips one bit of a base64 field. */
function flip(b64: string, index = 0): string {
  const b = bytes(b64);
  b[index] ^= 1;
  return encodeBase64(b);
}

/** Signs arbitrary plaintext in the contract's format, to test what a signed-in sender could send. */
function signedPayload(plaintext: Uint8Array, key = roomKey): EncryptedPayload {
  const nonce = nacl.randomBytes(24);
  const ciphertext = nacl.secretbox(plaintext, nonce, key);
  const header = utf8(`mentor-chat/v1\n${msg.roomId}\n${msg.keyVersion}\n`);
  const signature = nacl.sign.detached(new Uint8Array([...header, ...nonce, ...ciphertext]), alice.sign.secretKey);
  return {
    ...payload,
    nonce: encodeBase64(nonce),
    ciphertext: encodeBase64(ciphertext),
    signature: encodeBase64(signature),
  };
}

afterEach(() => vi.restoreAllMocks());

describe('stored test vectors', () => {
  it('derives the stored public keys from the fixed secrets', () => {
    for (const [keys, d] of [
      [alice, vectors.alice],
      [bob, vectors.bob],
    ] as const) {
      expect(exportPublicDeviceKeys(keys)).toEqual({ boxPublicKey: d.boxPublicKey, signPublicKey: d.signPublicKey });
    }
  });

  it('wraps the room key to the stored bytes, and unwraps it', () => {
    const w = vectors.wrappedRoomKey;
    expect(wrapRoomKey(roomKey, bob.box.publicKey, alice.box.secretKey, bytes(w.nonce))).toEqual({
      nonce: w.nonce,
      box: w.box,
    });
    expect(unwrapRoomKey(w, alice.box.publicKey, bob.box.secretKey)).toEqual(roomKey);
  });

  it('seals the message to the stored payload byte for byte, and opens it', () => {
    const sealed = sealMessage({
      body: msg.body,
      roomId: msg.roomId,
      keyVersion: msg.keyVersion,
      roomKey,
      senderDeviceId: msg.senderDeviceId,
      signSecretKey: alice.sign.secretKey,
      nonce: bytes(payload.nonce),
    });
    expect(sealed).toEqual(payload);
    expect(nacl.secretbox.open(bytes(sealed.ciphertext), bytes(sealed.nonce), roomKey)).toEqual(utf8(msg.plaintext));
    expect(openMessage(payload, openKeys)).toEqual({ ok: true, body: msg.body });
  });
});

describe('base64', () => {
  it('matches Node for every length around block edges, and round trips', () => {
    for (let n = 0; n < 70; n++) {
      const b = nacl.randomBytes(n);
      const text = encodeBase64(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      expect(decodeBase64Exact(text, n)).toEqual(b);
    }
    // Large enough to overflow the stack if encoded with one spread call.
    const large = nacl.randomBytes(300_000);
    const text = encodeBase64(large);
    expect(text).toBe(Buffer.from(large).toString('base64'));
    expect(Buffer.from(decodeBase64Exact(text) ?? []).equals(large)).toBe(true);
  });

  it.each([
    ['missing padding', 'AAE'],
    ['whitespace', 'AAEC\n'],
    ['url-safe alphabet', 'AA-_'],
    ['padding in the middle', 'AA==AAAA'],
    ['non-zero trailing bits', 'AB=='],
    ['a non-string', 42],
    ['null', null],
  ])('rejects %s', (_, input) => {
    expect(decodeBase64Exact(input)).toBeNull();
  });

  it('rejects the wrong length', () => {
    expect(decodeBase64Exact('AAEC', 3)).toEqual(new Uint8Array([0, 1, 2]));
    expect(decodeBase64Exact('AAEC', 2)).toBeNull();
    expect(decodeBase64Exact('AAE=', 3)).toBeNull();
  });
});

describe('device keys', () => {
  it('makes nacl key pairs and exports their public halves', () => {
    const keys = makeDeviceKeys();
    expect(keys.box.secretKey).toHaveLength(32);
    expect(keys.sign.secretKey).toHaveLength(64);
    const exported = exportPublicDeviceKeys(keys);
    expect(importPublicDeviceKeys(exported)).toEqual({
      boxPublicKey: keys.box.publicKey,
      signPublicKey: keys.sign.publicKey,
    });
    expect(importPublicDeviceKeys({ ...exported, signPublicKey: 'AAEC' })).toBeNull();
  });

  it('serializes secret keys and restores identical key pairs', () => {
    const keys = makeDeviceKeys();
    const serialized = serializeDeviceKeys(keys);
    expect(serialized).toHaveLength(65);
    expect(deserializeDeviceKeys(serialized)).toEqual(keys);
  });

  it('refuses bytes in another format', () => {
    const serialized = serializeDeviceKeys(makeDeviceKeys());
    expect(deserializeDeviceKeys(serialized.subarray(1))).toBeNull();
    expect(deserializeDeviceKeys(new Uint8Array([2, ...serialized.subarray(1)]))).toBeNull();
    expect(deserializeDeviceKeys([...serialized] as unknown as Uint8Array)).toBeNull();
  });
});

describe('room keys', () => {
  it('makes distinct 32-byte keys', () => {
    const a = makeRoomKey();
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(makeRoomKey());
  });

  it('round trips with a random nonce, for the recipient only', () => {
    const eve = makeDeviceKeys();
    const wrapped = wrapRoomKey(roomKey, bob.box.publicKey, alice.box.secretKey);
    expect(decodeBase64Exact(wrapped.nonce, 24)).not.toBeNull();
    expect(wrapped.nonce).not.toBe(wrapRoomKey(roomKey, bob.box.publicKey, alice.box.secretKey).nonce);
    expect(unwrapRoomKey(wrapped, alice.box.publicKey, bob.box.secretKey)).toEqual(roomKey);
    expect(unwrapRoomKey(wrapped, alice.box.publicKey, eve.box.secretKey)).toBeNull();
    expect(unwrapRoomKey(wrapped, eve.box.publicKey, bob.box.secretKey)).toBeNull();
  });

  it.each([
    ['a flipped box bit', { ...vectors.wrappedRoomKey, box: flip(vectors.wrappedRoomKey.box, 40) }],
    ['a flipped nonce bit', { ...vectors.wrappedRoomKey, nonce: flip(vectors.wrappedRoomKey.nonce) }],
    ['a short box', { nonce: vectors.wrappedRoomKey.nonce, box: 'AAEC' }],
    ['bad base64', { nonce: '!!', box: vectors.wrappedRoomKey.box }],
    ['no object', null],
  ])('returns null for %s', (_, wrapped) => {
    expect(unwrapRoomKey(wrapped as never, alice.box.publicKey, bob.box.secretKey)).toBeNull();
  });

  it('returns null instead of throwing on keys of the wrong size', () => {
    expect(unwrapRoomKey(vectors.wrappedRoomKey, new Uint8Array(31), bob.box.secretKey)).toBeNull();
    expect(unwrapRoomKey(vectors.wrappedRoomKey, alice.box.publicKey, new Uint8Array(64))).toBeNull();
  });
});

describe('messages', () => {
  const seal = (body: string) =>
    sealMessage({
      body,
      roomId: msg.roomId,
      keyVersion: msg.keyVersion,
      roomKey,
      senderDeviceId: 'd1',
      signSecretKey: alice.sign.secretKey,
    });

  it('round trips with a fresh nonce each time', () => {
    const a = seal('hello 👋');
    expect(a).toMatchObject({ v: 1, keyVersion: msg.keyVersion, senderDeviceId: 'd1' });
    expect(a.nonce).not.toBe(seal('hello 👋').nonce);
    expect(openMessage(a, openKeys)).toEqual({ ok: true, body: 'hello 👋' });
  });

  it.each([
    ['the ciphertext', { ...payload, ciphertext: flip(payload.ciphertext, 20) }, openKeys],
    ['the nonce', { ...payload, nonce: flip(payload.nonce) }, openKeys],
    ['the signature', { ...payload, signature: flip(payload.signature, 10) }, openKeys],
    ['the key version', { ...payload, keyVersion: msg.keyVersion + 1 }, openKeys],
    ['the room', payload, { ...openKeys, roomId: 'Um9vbTpvdGhlcg==' }],
    ['the sender', payload, { ...openKeys, senderSignPublicKey: bob.sign.publicKey }],
  ])('fails with bad-signature when %s changes', (_, p, keys) => {
    expect(openMessage(p, keys)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('checks the signature before decrypting anything', () => {
    const open = vi.spyOn(nacl.secretbox, 'open');
    openMessage({ ...payload, signature: flip(payload.signature) }, openKeys);
    expect(open).not.toHaveBeenCalled();
  });

  it('fails with cannot-decrypt for a validly signed message under another room key', () => {
    expect(openMessage(payload, { ...openKeys, roomKey: makeRoomKey() })).toEqual({
      ok: false,
      reason: 'cannot-decrypt',
    });
    expect(openMessage(payload, { ...openKeys, roomKey: new Uint8Array(16) })).toEqual({
      ok: false,
      reason: 'cannot-decrypt',
    });
  });

  it.each([
    ['non-JSON', utf8('hello')],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['JSON without a body', utf8('{"text":"hi"}')],
    ['a body that is not a string', utf8('{"body":42}')],
    ['JSON null', utf8('null')],
  ])('fails with malformed for signed plaintext that is %s', (_, plaintext) => {
    expect(openMessage(signedPayload(plaintext), openKeys)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['null', null],
    ['a string', 'payload'],
    ['an empty object', {}],
    ['another version', { ...payload, v: 2 }],
    ['key version 0', { ...payload, keyVersion: 0 }],
    ['a fractional key version', { ...payload, keyVersion: 1.5 }],
    ['a key version as text', { ...payload, keyVersion: String(msg.keyVersion) }],
    ['a short nonce', { ...payload, nonce: encodeBase64(new Uint8Array(23)) }],
    ['a nonce that is not base64', { ...payload, nonce: '%'.repeat(32) }],
    ['a short signature', { ...payload, signature: encodeBase64(new Uint8Array(63)) }],
    ['a ciphertext shorter than the MAC', { ...payload, ciphertext: encodeBase64(new Uint8Array(15)) }],
    ['a ciphertext that is a number', { ...payload, ciphertext: 12 }],
  ])('fails with malformed, without throwing, for %s', (_, p) => {
    expect(openMessage(p as never, openKeys)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws on hostile keys', () => {
    expect(openMessage(payload, { ...openKeys, roomId: `${msg.roomId}\n3` })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(openMessage(payload, { ...openKeys, senderSignPublicKey: new Uint8Array(5) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(openMessage(payload, null as never)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses to seal for an ambiguous room id or key version', () => {
    const input = {
      body: 'x',
      roomId: 'r',
      keyVersion: 1,
      roomKey,
      senderDeviceId: 'd',
      signSecretKey: alice.sign.secretKey,
    };
    expect(() => sealMessage({ ...input, roomId: 'r\n2' })).toThrow(TypeError);
    expect(() => sealMessage({ ...input, keyVersion: 0 })).toThrow(RangeError);
  });
});

describe('key backup', () => {
  it(`round trips device keys at ${MIN_BACKUP_ITERATIONS} iterations; a wrong passphrase gives null`, async () => {
    const keys = makeDeviceKeys();
    const backup = await sealKeyBackup(serializeDeviceKeys(keys), 'correct horse battery staple');
    expect(backup.iterations).toBe(600_000);
    expect(decodeBase64Exact(backup.salt, 16)).not.toBeNull();
    expect(decodeBase64Exact(backup.nonce, 24)).not.toBeNull();
    const opened = await openKeyBackup(backup, 'correct horse battery staple');
    expect(opened && deserializeDeviceKeys(opened)).toEqual(keys);
    expect(await openKeyBackup(backup, 'correct horse battery stapler')).toBeNull();
  });

  it('treats composed and decomposed accents in a passphrase as the same', async () => {
    const backup = await sealKeyBackup(new Uint8Array([1, 2, 3]), 'caf\u00e9 au lait');
    expect(await openKeyBackup(backup, 'cafe\u0301 au lait')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses to seal with fewer iterations than the minimum, or an empty passphrase', async () => {
    await expect(sealKeyBackup(new Uint8Array(1), 'passphrase', 599_999)).rejects.toThrow(RangeError);
    await expect(sealKeyBackup(new Uint8Array(1), '')).rejects.toThrow(RangeError);
  });

  it('returns null, without deriving a key, for malformed backups', async () => {
    const derive = vi.spyOn(globalThis.crypto.subtle, 'deriveBits');
    const good = {
      salt: encodeBase64(new Uint8Array(16)),
      iterations: 600_000,
      nonce: encodeBase64(new Uint8Array(24)),
      ciphertext: 'AAAA',
    };
    for (const backup of [
      null,
      { ...good, iterations: 1000 },
      { ...good, iterations: 1e12 },
      { ...good, salt: 'AAEC' },
      { ...good, nonce: 'not base64' },
      { ...good, ciphertext: undefined },
    ]) {
      expect(await openKeyBackup(backup as never, 'passphrase')).toBeNull();
    }
    expect(derive).not.toHaveBeenCalled();
  });
});
