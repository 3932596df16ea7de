import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DataKeyError,
  dataKey,
  type Keyring,
  keyringFromConfig,
  openBody,
  sealBody,
  sealedWith,
} from '../../server/at-rest/keyring.js';
import { sealedBodies } from '../../server/at-rest/sealed-bodies.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const ring = (current: string | null, old: string[] = []): Keyring =>
  keyringFromConfig({ dataEncryptionKey: current, dataEncryptionKeysOld: old });

describe('sealing one body', () => {
  it('round-trips UTF-8 in the mc1 format, with a fresh nonce each time and the key named by its id only', () => {
    const key = dataKey(KEY_A);
    const body = 'Ünïcode, emoji 🦉 and "quotes"';
    const [one, two] = [sealBody(key, body), sealBody(key, body)];
    expect(one).toMatch(/^mc1:[0-9a-f]{12}:[A-Za-z0-9+/]+={0,2}$/);
    expect(one).not.toBe(two);
    expect(sealedWith(one)).toBe(key.id);
    expect(one).not.toContain(KEY_A);
    expect(openBody(ring(KEY_A), one)).toBe(body);
    expect(dataKey(KEY_A).id).toBe(key.id);
    expect(dataKey(KEY_B).id).not.toBe(key.id);
  });

  it('passes clear bodies through, opens old-key bodies, and refuses what it cannot open', () => {
    const sealedA = sealBody(dataKey(KEY_A), 'under A');
    expect(openBody(ring(KEY_B), 'written in clear')).toBe('written in clear');
    expect(sealedWith('mc1: not really sealed')).toBeNull();
    expect(openBody(ring(KEY_B, [KEY_A]), sealedA)).toBe('under A');
    expect(() => openBody(ring(KEY_B), sealedA)).toThrow(DataKeyError);
    expect(() => openBody(ring(KEY_B), sealedA)).toThrow(/DATA_ENCRYPTION_KEYS_OLD/);
    const bytes = Buffer.from(sealedA.split(':')[2], 'base64');
    bytes[bytes.length - 1] ^= 1;
    const altered = `mc1:${dataKey(KEY_A).id}:${bytes.toString('base64')}`;
    expect(() => openBody(ring(KEY_A), altered)).toThrow(/does not open/);
  });
});

describe('sealedBodies(store)', () => {
  let dir: string;
  let raw: Store;
  let userId: string;
  let roomId: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-sealed-'));
    raw = openSqliteStore(path.join(dir, 'mentor-chat.db'));
    userId = (await raw.createUser({ handle: 'ada', displayName: 'Ada', role: 'STUDENT' })).id;
    roomId = (
      await raw.createRoom({
        name: 'R',
        kind: 'PRIVATE',
        encrypted: false,
        allowGuests: false,
        createdBy: userId,
        memberIds: [userId],
      })
    ).id;
  });
  afterEach(async () => {
    await raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const say = (store: Store, clientId: string, body: string) =>
    store.appendMessage({ roomId, authorId: userId, clientId, body, encrypted: null });

  it('seals every body it writes and opens every MessageRecord it returns', async () => {
    const store = sealedBodies(raw, ring(KEY_A));
    const { message } = await say(store, 'c1', 'first words');
    expect(message.body).toBe('first words');
    expect((await raw.getMessage(message.id))?.body).toMatch(/^mc1:/);
    expect((await store.getMessage(message.id))?.body).toBe('first words');
    expect((await say(store, 'c1', 'a retry')).message.body).toBe('first words');
    expect((await store.updateMessage(message.id, { body: 'edited', editedAt: new Date() }))?.body).toBe('edited');
    expect((await raw.getMessage(message.id))?.body).toMatch(/^mc1:/);
    expect((await store.listMessages(roomId, { limit: 10, from: 'oldest' })).map((m) => m.body)).toEqual(['edited']);
    expect((await store.lastMessage(roomId))?.body).toBe('edited');
    expect((await store.listMessagesByAuthor(userId, { limit: 10 })).map((m) => m.body)).toEqual(['edited']);
    const deleted = await store.updateMessage(message.id, { body: null, deletedAt: new Date() });
    expect(deleted?.body).toBeNull();
    expect(await store.getMessage('missing')).toBeNull();
    expect(store.kind).toBe('sqlite');
  });

  it('without a current key writes in clear and still opens sealed rows; wrapping twice is wrapping once', async () => {
    await say(sealedBodies(raw, ring(KEY_A)), 'sealed', 'sealed earlier');
    const clear = sealedBodies(raw, keyringFromConfig({ dataEncryptionKey: null, dataEncryptionKeysOld: [] }));
    await say(clear, 'clear', 'in clear');
    expect((await raw.listMessages(roomId, { limit: 10, from: 'oldest' })).map((m) => m.body?.slice(0, 4))).toEqual([
      'mc1:',
      'in c',
    ]);
    const store = sealedBodies(raw, ring(KEY_B, [KEY_A]));
    expect(sealedBodies(store, ring(KEY_B))).toBe(store);
    expect((await store.listMessages(roomId, { limit: 10, from: 'oldest' })).map((m) => m.body)).toEqual([
      'sealed earlier',
      'in clear',
    ]);
  });
});
