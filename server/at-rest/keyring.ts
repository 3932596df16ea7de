import { createHash } from 'node:crypto';
import nacl from 'tweetnacl';
import type { Config } from '../config.js';
import { log } from '../log.js';

/** One 32-byte data key and its id: a hash of the key, so rows name their key without revealing it. */
export interface DataKey {
  id: string;
  key: Uint8Array;
}

/** The key new bodies are sealed with (null: stored in clear) and every key bodies may be opened with. */
export interface Keyring {
  current: DataKey | null;
  byId: ReadonlyMap<string, DataKey>;
}

/** Thrown when a stored body cannot be opened: a missing old key, or a row altered at rest. */
export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

const FORMAT = 'mc1';
// `mc1:<12 hex key id>:<base64 of nonce ++ secretbox>`
const SEALED = /^mc1:([0-9a-f]{12}):((?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;

export function dataKey(base64: string): DataKey {
  const key = new Uint8Array(Buffer.from(base64, 'base64'));
  if (key.length !== nacl.secretbox.keyLength) throw new RangeError('a data key is 32 bytes');
  const id = createHash('sha256').update('mentor-chat data key id\n').update(key).digest('hex').slice(0, 12);
  return { id, key };
}

/** The keyring of DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEYS_OLD (config.ts validated both). */
export function keyringFromConfig(config: Pick<Config, 'dataEncryptionKey' | 'dataEncryptionKeysOld'>): Keyring {
  const current = config.dataEncryptionKey ? dataKey(config.dataEncryptionKey) : null;
  const all = [...(current ? [current] : []), ...config.dataEncryptionKeysOld.map(dataKey)];
  return { current, byId: new Map(all.map((k) => [k.id, k])) };
}

/** The key id a stored body is sealed with, or null for a body stored in clear. */
export function sealedWith(stored: string): string | null {
  return SEALED.exec(stored)?.[1] ?? null;
}

/** `mc1:<keyId>:<base64(nonce ++ nacl.secretbox(UTF-8 body, nonce, key))>` with a random 24-byte nonce. */
export function sealBody(key: DataKey, body: string): string {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(new TextEncoder().encode(body), nonce, key.key);
  return `${FORMAT}:${key.id}:${Buffer.concat([nonce, box]).toString('base64')}`;
}

/** The body as written: sealed bodies are opened, clear ones (from before the key) pass through. */
export function openBody(keyring: Keyring, stored: string): string {
  const match = SEALED.exec(stored);
  if (!match) return stored;
  const key = keyring.byId.get(match[1]);
  if (!key) {
    throw new DataKeyError(
      `A message body is sealed with data key ${match[1]}, which is not configured: add that key to DATA_ENCRYPTION_KEYS_OLD.`,
    );
  }
  const bytes = Buffer.from(match[2], 'base64');
  const opened = nacl.secretbox.open(
    bytes.subarray(nacl.secretbox.nonceLength),
    bytes.subarray(0, nacl.secretbox.nonceLength),
    key.key,
  );
  if (!opened)
    throw new DataKeyError(`A message body sealed with data key ${match[1]} does not open: altered at rest?`);
  return new TextDecoder().decode(opened);
}

/** The one start-up line that says how message bodies are stored. */
export function logAtRestMode(config: Pick<Config, 'dataEncryptionKey' | 'dataEncryptionKeysOld'>): void {
  const { current, byId } = keyringFromConfig(config);
  if (current) log('info', 'message bodies are sealed at rest', { dataKeyId: current.id, readableKeys: byId.size });
  else
    log(
      'warn',
      'message bodies are stored in clear: set DATA_ENCRYPTION_KEY to seal them at rest (docs/encryption.md)',
    );
}
