import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { signatureVerifies } from '../../server/e2e/payload-rules.js';
import { withSPlusL } from '../utils/crypto-fixtures.js';

const ROOM = 'Um9vbTox';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function signedPayload(keys = nacl.sign.keyPair(), keyVersion = 1) {
  const nonce = nacl.randomBytes(24);
  const ciphertext = nacl.randomBytes(80);
  const header = Buffer.from(`mentor-chat/v1\n${ROOM}\n${keyVersion}\n`, 'utf8');
  const signature = nacl.sign.detached(Buffer.concat([header, nonce, ciphertext]), keys.secretKey);
  const payload = {
    v: 1,
    keyVersion,
    senderDeviceId: 'd',
    nonce: b64(nonce),
    ciphertext: b64(ciphertext),
    signature: b64(signature),
  };
  return { payload, signature, publicKey: b64(keys.publicKey) };
}

describe('signatureVerifies (the server check of a sealed message)', () => {
  it('accepts what tweetnacl signs over the contract bytes, for the room and version signed', () => {
    for (let i = 0; i < 50; i++) {
      const { payload, publicKey } = signedPayload();
      expect(signatureVerifies(ROOM, payload, publicKey)).toBe(true);
      expect(signatureVerifies('Um9vbToy', payload, publicKey)).toBe(false);
      expect(signatureVerifies(ROOM, { ...payload, keyVersion: 2 }, publicKey)).toBe(false);
    }
  });

  it('refuses another key, a changed byte, a malformed key and a malleated twin (S + L) that tweetnacl would accept', () => {
    const { payload, signature, publicKey } = signedPayload();
    expect(signatureVerifies(ROOM, payload, b64(nacl.sign.keyPair().publicKey))).toBe(false);
    const flipped = Buffer.from(payload.ciphertext, 'base64');
    flipped[3] ^= 1;
    expect(signatureVerifies(ROOM, { ...payload, ciphertext: b64(flipped) }, publicKey)).toBe(false);
    expect(signatureVerifies(ROOM, payload, b64(new Uint8Array(31)))).toBe(false);
    const twin = withSPlusL(signature);
    const header = Buffer.from(`mentor-chat/v1\n${ROOM}\n1\n`, 'utf8');
    const signed = Buffer.concat([
      header,
      Buffer.from(payload.nonce, 'base64'),
      Buffer.from(payload.ciphertext, 'base64'),
    ]);
    expect(nacl.sign.detached.verify(signed, twin, Buffer.from(publicKey, 'base64'))).toBe(true);
    expect(signatureVerifies(ROOM, { ...payload, signature: b64(twin) }, publicKey)).toBe(false);
  });
});
