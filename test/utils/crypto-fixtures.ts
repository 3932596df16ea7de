import { deserializeDeviceKeys, type EncryptedPayload } from '../../widget/crypto/index.js';
import vectors from '../fixtures/crypto-vectors.json' with { type: 'json' };

/** The fixed test vectors (fixed keys and nonces) of the widget's crypto module. */
export { vectors };

export const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
export const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

/** A vector device's keys, through the same path a restored backup takes. */
export function vectorDevice(d: typeof vectors.alice) {
  const keys = deserializeDeviceKeys(new Uint8Array([1, ...bytes(d.boxSecretKey), ...bytes(d.signSeed)]));
  if (!keys) throw new Error('vector device did not load');
  return keys;
}

export const alice = vectorDevice(vectors.alice);
export const bob = vectorDevice(vectors.bob);
export const roomKey = bytes(vectors.roomKey);
export const msg = vectors.message;
/** The vector message, sealed by alice under roomKey. */
export const payload = msg.payload as EncryptedPayload;
export const openKeys = { roomId: msg.roomId, roomKey, senderSignPublicKey: alice.sign.publicKey };

/** The group order L, little-endian. */
const ORDER = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** The malleated twin of an Ed25519 signature: S + L, which tweetnacl accepts and RFC 8032 does not. */
export function withSPlusL(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(signature);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i] + ORDER[i] + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}
