// Ed25519 through WebCrypto must give tweetnacl's bytes and answers exactly: the wire format
// is nacl.sign.detached's, and a message must read the same on every browser.
import { webcrypto } from 'node:crypto';
import nacl from 'tweetnacl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signDetached, verifyDetached, verifyDetachedSync } from '../../widget/crypto/ed25519.js';
import {
  type EncryptedPayload,
  ed25519Implementation,
  encodeBase64,
  makeDeviceKeys,
  makeRoomKey,
  openMessage,
  openMessageAsync,
  sealMessage,
  sealMessageAsync,
} from '../../widget/crypto/index.js';
import { alice, bob, bytes, hex, msg, openKeys, payload, roomKey, withSPlusL } from '../utils/crypto-fixtures.js';

const sealInput = {
  body: msg.body,
  roomId: msg.roomId,
  keyVersion: msg.keyVersion,
  roomKey,
  senderDeviceId: msg.senderDeviceId,
  signSecretKey: alice.sign.secretKey,
  nonce: bytes(payload.nonce),
};

// RFC 8032 section 7.1, tests 1-3: seed, public key, message, signature (hex).
const RFC8032 = [
  [
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ],
  [
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  ],
  [
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  ],
] as const;

function flip(b64: string, index = 0): string {
  const b = bytes(b64);
  b[index] ^= 1;
  return encodeBase64(b);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('Ed25519 through WebCrypto (Node 20 has it)', () => {
  it('is the implementation in use here', async () => {
    expect(await ed25519Implementation()).toBe('webcrypto');
  });

  it("signs RFC 8032's vectors and the stored vectors' devices to nacl's bytes", async () => {
    for (const [seed, publicKey, message, signature] of RFC8032) {
      const keys = nacl.sign.keyPair.fromSeed(hex(seed));
      expect(keys.publicKey).toEqual(hex(publicKey));
      expect(await signDetached(hex(message), keys.secretKey)).toEqual(hex(signature));
      expect(await verifyDetached(hex(message), hex(signature), keys.publicKey)).toBe(true);
    }
    const signed = bytes(msg.signedBytes);
    for (const device of [alice, bob]) {
      expect(await signDetached(signed, device.sign.secretKey)).toEqual(
        nacl.sign.detached(signed, device.sign.secretKey),
      );
    }
    expect(await signDetached(signed, alice.sign.secretKey)).toEqual(bytes(payload.signature));
  });

  it('seals the stored vector message to the stored payload byte for byte, and opens it', async () => {
    expect(await sealMessageAsync(sealInput)).toEqual(payload);
    expect(await openMessageAsync(payload, openKeys)).toEqual({ ok: true, body: msg.body });
  });

  it('gives the same signature as tweetnacl for random keys and messages', async () => {
    for (let i = 0; i < 200; i++) {
      const keys = nacl.sign.keyPair();
      const message = nacl.randomBytes(i * 13);
      const expected = nacl.sign.detached(message, keys.secretKey);
      expect(await signDetached(message, keys.secretKey)).toEqual(expected);
      expect(await verifyDetached(message, expected, keys.publicKey)).toBe(true);
    }
  });

  it('seals random messages to the same payload as sealMessage (tweetnacl alone)', async () => {
    const device = makeDeviceKeys();
    const key = makeRoomKey();
    for (let i = 0; i < 50; i++) {
      const input = {
        body: encodeBase64(nacl.randomBytes(i * 41)),
        roomId: `Um9vbTp${i}`,
        keyVersion: 1 + i,
        roomKey: key,
        senderDeviceId: 'd1',
        signSecretKey: device.sign.secretKey,
        nonce: nacl.randomBytes(24),
      };
      const sealed = await sealMessageAsync(input);
      expect(sealed).toEqual(sealMessage(input));
      const keys = { roomId: input.roomId, roomKey: key, senderSignPublicKey: device.sign.publicKey };
      expect(await openMessageAsync(sealed, keys)).toEqual({ ok: true, body: input.body });
    }
  });

  it.each([
    ['the ciphertext', { ...payload, ciphertext: flip(payload.ciphertext, 20) }, openKeys],
    ['the nonce', { ...payload, nonce: flip(payload.nonce) }, openKeys],
    ['the signature (R)', { ...payload, signature: flip(payload.signature, 10) }, openKeys],
    ['the signature (S)', { ...payload, signature: flip(payload.signature, 40) }, openKeys],
    ['the key version', { ...payload, keyVersion: msg.keyVersion + 1 }, openKeys],
    ['the room', payload, { ...openKeys, roomId: 'Um9vbTpvdGhlcg==' }],
    ['the sender', payload, { ...openKeys, senderSignPublicKey: bob.sign.publicKey }],
    ['the room key', payload, { ...openKeys, roomKey: makeRoomKey() }],
    ['a short sign key', payload, { ...openKeys, senderSignPublicKey: new Uint8Array(5) }],
    ['a short signature', { ...payload, signature: encodeBase64(new Uint8Array(63)) }, openKeys],
    ['no payload', null, openKeys],
    ['no keys', payload, null],
  ])('answers as openMessage does when %s changes', async (_, p, keys) => {
    const expected = openMessage(p as EncryptedPayload, keys as never);
    expect(expected.ok).toBe(false);
    expect(await openMessageAsync(p as EncryptedPayload, keys as never)).toEqual(expected);
  });

  it('checks the signature before decrypting anything', async () => {
    const open = vi.spyOn(nacl.secretbox, 'open');
    const result = await openMessageAsync({ ...payload, signature: flip(payload.signature) }, openKeys);
    expect(result).toEqual({ ok: false, reason: 'bad-signature' });
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses a malleated signature (S + L), which tweetnacl alone would accept, on both paths', async () => {
    const signed = bytes(msg.signedBytes);
    const twin = withSPlusL(bytes(payload.signature));
    expect(nacl.sign.detached.verify(signed, twin, alice.sign.publicKey)).toBe(true);
    expect(verifyDetachedSync(signed, twin, alice.sign.publicKey)).toBe(false);
    expect(await verifyDetached(signed, twin, alice.sign.publicKey)).toBe(false);
    const malleated = { ...payload, signature: encodeBase64(twin) };
    expect(openMessage(malleated, openKeys)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await openMessageAsync(malleated, openKeys)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('imports each key once', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const keys = nacl.sign.keyPair();
    const message = nacl.randomBytes(100);
    const signature = await signDetached(message, keys.secretKey);
    const afterFirstSign = importKey.mock.calls.length;
    expect(afterFirstSign).toBeGreaterThan(0);
    await signDetached(message, keys.secretKey);
    expect(importKey).toHaveBeenCalledTimes(afterFirstSign);
    // Public keys by their bytes: the widget decodes a device's key again on each refresh.
    for (let i = 0; i < 5; i++) expect(await verifyDetached(message, signature, keys.publicKey.slice())).toBe(true);
    expect(importKey).toHaveBeenCalledTimes(afterFirstSign + 1);
  });

  it("keeps nacl's bytes for a secret key whose halves disagree, or whose bytes changed", async () => {
    const message = nacl.randomBytes(64);
    const odd = new Uint8Array([...nacl.sign.keyPair().secretKey.subarray(0, 32), ...nacl.sign.keyPair().publicKey]);
    expect(await signDetached(message, odd)).toEqual(nacl.sign.detached(message, odd));
    const key = nacl.sign.keyPair().secretKey;
    await signDetached(message, key);
    key.set(nacl.sign.keyPair().secretKey);
    expect(await signDetached(message, key)).toEqual(nacl.sign.detached(message, key));
  });

  it('refuses to sign with a secret key of the wrong size, as nacl does', async () => {
    await expect(signDetached(new Uint8Array(1), new Uint8Array(32))).rejects.toThrow('bad secret key size');
    await expect(sealMessageAsync({ ...sealInput, roomId: 'r\n2' })).rejects.toThrow(TypeError);
  });
});

describe('Ed25519 where the platform has none: tweetnacl', () => {
  const subtleWithoutEd25519 = {
    importKey: () => Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError')),
  };

  it.each([
    ['no SubtleCrypto (an insecure context)', undefined],
    ['SubtleCrypto without Ed25519', subtleWithoutEd25519],
  ])('falls back with %s, to the same bytes and answers', async (_, subtle) => {
    vi.resetModules();
    vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto), subtle });
    const fresh = await import('../../widget/crypto/index.js');
    expect(await fresh.ed25519Implementation()).toBe('tweetnacl');
    expect(await fresh.sealMessageAsync(sealInput)).toEqual(payload);
    expect(await fresh.openMessageAsync(payload, openKeys)).toEqual({ ok: true, body: msg.body });
    const forged = { ...payload, signature: flip(payload.signature, 10) };
    expect(await fresh.openMessageAsync(forged, openKeys)).toEqual({ ok: false, reason: 'bad-signature' });
    const twin = { ...payload, signature: encodeBase64(withSPlusL(bytes(payload.signature))) };
    expect(await fresh.openMessageAsync(twin, openKeys)).toEqual({ ok: false, reason: 'bad-signature' });
    vi.resetModules();
  });
});
