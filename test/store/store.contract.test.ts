import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EncryptedPayloadRecord,
  type NewRoom,
  type Role,
  type Store,
  StoreConflictError,
  type WrappedKeyRecord,
} from '../../server/store/store.js';
import { loadAdapters } from './adapters.js';
import { createDevice } from './contract-fixtures.js';

const adapters = await loadAdapters();
afterAll(async () => {
  for (const adapter of adapters) await adapter.dispose();
});

/** An id no store hands out (also a well-formed ObjectId, so only absence is tested). */
const MISSING = '0'.repeat(24);
const HOUR = 3_600_000;

const payload = (keyVersion: number): EncryptedPayloadRecord => ({
  v: 1,
  keyVersion,
  senderDeviceId: 'device-a',
  nonce: 'bm9uY2U=',
  ciphertext: 'Y2lwaGVydGV4dA==',
  signature: 'c2lnbmF0dXJl',
});

describe.each(adapters)('Store contract: $name', (adapter) => {
  let store: Store;
  beforeEach(async () => {
    store = await adapter.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const user = (handle: string, role: Role = 'STUDENT', displayName = handle) =>
    store.createUser({ handle, displayName, role, passwordHash: null });
  const room = async (createdBy: string, patch: Partial<NewRoom> = {}) =>
    store.createRoom({
      name: 'Room',
      kind: 'PRIVATE',
      encrypted: false,
      allowGuests: false,
      createdBy,
      memberIds: [],
      ...patch,
    });
  const say = (roomId: string, authorId: string, clientId: string, body: string | null = clientId) =>
    store.appendMessage({ roomId, authorId, clientId, body, encrypted: null });
  /** A room with an author, for the message tests. */
  const chat = async () => {
    const author = await user('author');
    return { author, room: await room(author.id, { memberIds: [author.id] }) };
  };

  it('reports its kind and answers ping', async () => {
    expect(store.kind).toBe(adapter.name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('users', () => {
    it('creates a user and reads it back by id, handle and portal subject', async () => {
      const created = await store.createUser({
        handle: 'ada',
        displayName: 'Ada Lovelace',
        role: 'MENTOR',
        passwordHash: '$argon2id$hash',
        portalSubjectHash: 'subject-1',
      });
      expect(created).toMatchObject({
        handle: 'ada',
        displayName: 'Ada Lovelace',
        role: 'MENTOR',
        passwordHash: '$argon2id$hash',
        portalSubjectHash: 'subject-1',
      });
      expect(created.id).toMatch(/^[\w-]+$/);
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(created.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

      expect(await store.getUser(created.id)).toEqual(created);
      expect(await store.getUserByHandle('ada')).toEqual(created);
      expect(await store.getUserByHandle('ADA')).toEqual(created);
      expect(await store.getUserByPortalSubject('subject-1')).toEqual(created);
    });

    it('returns null for unknown users and defaults optional hashes to null', async () => {
      const guest = await store.createUser({ handle: 'guest-1', displayName: 'Guest', role: 'GUEST' });
      expect(guest.passwordHash).toBeNull();
      expect(guest.portalSubjectHash).toBeNull();
      expect(await store.getUser(MISSING)).toBeNull();
      expect(await store.getUserByHandle('nobody')).toBeNull();
      expect(await store.getUserByPortalSubject('no-subject')).toBeNull();
    });

    it('getUsers returns the users that exist', async () => {
      const a = await user('a');
      const b = await user('b');
      await user('c');
      const found = await store.getUsers([b.id, MISSING, a.id]);
      expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.getUsers([])).toEqual([]);
    });

    it('refuses a second user with the same handle, whatever its case', async () => {
      await user('ada');
      await expect(user('ada')).rejects.toThrow(StoreConflictError);
      await expect(user('ADA')).rejects.toMatchObject({ name: 'StoreConflictError', constraint: 'handle' });
      expect(await store.searchUsers({ limit: 10 })).toHaveLength(1);
    });

    it('keeps portal subjects unique but allows any number of users without one', async () => {
      await store.createUser({ handle: 'p1', displayName: 'P', role: 'STUDENT', portalSubjectHash: 'sub' });
      await expect(
        store.createUser({ handle: 'p2', displayName: 'P', role: 'STUDENT', portalSubjectHash: 'sub' }),
      ).rejects.toMatchObject({ name: 'StoreConflictError', constraint: 'portalSubjectHash' });
      await user('n1');
      await user('n2');
      expect(await store.getUserByHandle('p2')).toBeNull();
      expect(await store.getUserByHandle('n2')).not.toBeNull();
    });

    it('updates display name and role independently', async () => {
      const ada = await user('ada', 'STUDENT', 'Ada');
      const renamed = await store.updateUser(ada.id, { displayName: 'Ada L.' });
      expect(renamed).toEqual({ ...ada, displayName: 'Ada L.' });
      const promoted = await store.updateUser(ada.id, { role: 'MENTOR' });
      expect(promoted).toEqual({ ...ada, displayName: 'Ada L.', role: 'MENTOR' });
      expect(await store.getUser(ada.id)).toEqual(promoted);
      expect(await store.updateUser(MISSING, { displayName: 'x' })).toBeNull();
    });
  });

  describe('searchUsers', () => {
    const handles = async (query: Parameters<Store['searchUsers']>[0]) =>
      (await store.searchUsers(query)).map((u) => u.handle);

    beforeEach(async () => {
      await user('grace', 'ADMIN', 'Grace Hopper');
      await user('ada', 'STUDENT', 'Ada Lovelace');
      await user('alan', 'MENTOR', 'Alan Turing');
      await user('emile', 'STUDENT', 'Émile Durand');
      await user('mentor.kim', 'MENTOR', 'Kim Park');
      await user('a_b', 'STUDENT', 'Under Score');
      await user('visitor', 'GUEST', 'Ada Visitor');
    });

    it('lists non-guests ordered by handle', async () => {
      expect(await handles({ limit: 50 })).toEqual(['a_b', 'ada', 'alan', 'emile', 'grace', 'mentor.kim']);
      expect(await handles({ role: 'GUEST', limit: 50 })).toEqual([]);
    });

    it('filters by role', async () => {
      expect(await handles({ role: 'MENTOR', limit: 50 })).toEqual(['alan', 'mentor.kim']);
    });

    it('matches a case-insensitive handle prefix or display-name substring', async () => {
      expect(await handles({ search: 'MENTOR.', limit: 50 })).toEqual(['mentor.kim']);
      expect(await handles({ search: 'tor', limit: 50 })).toEqual([]);
      expect(await handles({ search: 'ur', limit: 50 })).toEqual(['alan', 'emile']);
      expect(await handles({ search: 'LOVE', limit: 50 })).toEqual(['ada']);
      expect(await handles({ search: 'émile', limit: 50 })).toEqual(['emile']);
      expect(await handles({ search: 'ada', limit: 50 })).toEqual(['ada']);
      expect(await handles({ search: 'a', role: 'STUDENT', limit: 50 })).toEqual(['a_b', 'ada', 'emile']);
    });

    it('treats LIKE and regex wildcards in the search literally', async () => {
      expect(await handles({ search: 'a_', limit: 50 })).toEqual(['a_b']);
      expect(await handles({ search: '_', limit: 50 })).toEqual([]);
      expect(await handles({ search: '%', limit: 50 })).toEqual([]);
      expect(await handles({ search: '.*', limit: 50 })).toEqual([]);
    });

    it('answers a search holding control characters (MongoDB refuses a NUL inside a pattern)', async () => {
      expect(await handles({ search: 'a\u0000', limit: 50 })).toEqual([]);
      expect(await handles({ search: '\u0000', limit: 50 })).toEqual([]);
      expect(await handles({ search: 'ad\u0007', limit: 50 })).toEqual([]);
    });

    it('pages with an exclusive afterHandle and a limit', async () => {
      expect(await handles({ limit: 2 })).toEqual(['a_b', 'ada']);
      expect(await handles({ afterHandle: 'ada', limit: 2 })).toEqual(['alan', 'emile']);
      expect(await handles({ afterHandle: 'emile', limit: 10 })).toEqual(['grace', 'mentor.kim']);
      expect(await handles({ afterHandle: 'mentor.kim', limit: 10 })).toEqual([]);
    });
  });

  describe('sessions', () => {
    it('creates, reads and revokes a session exactly once', async () => {
      const ada = await user('ada');
      const expiresAt = new Date(Date.now() + HOUR);
      const session = await store.createSession({ tokenHash: 'hash-1', userId: ada.id, expiresAt });
      expect(session).toMatchObject({ tokenHash: 'hash-1', userId: ada.id, expiresAt, revokedAt: null });
      expect(session.createdAt).toBeInstanceOf(Date);
      expect(await store.getSession('hash-1')).toEqual(session);

      expect(await store.revokeSession('hash-1')).toBe(true);
      expect(await store.revokeSession('hash-1')).toBe(false);
      const revoked = await store.getSession('hash-1');
      expect(revoked?.revokedAt).toBeInstanceOf(Date);
      expect(revoked).toMatchObject({ tokenHash: 'hash-1', userId: ada.id, expiresAt });
    });

    it('does not count unknown or expired sessions as revoked', async () => {
      const ada = await user('ada');
      await store.createSession({ tokenHash: 'old', userId: ada.id, expiresAt: new Date(Date.now() - HOUR) });
      expect(await store.revokeSession('old')).toBe(false);
      expect(await store.revokeSession('unknown')).toBe(false);
      expect(await store.getSession('unknown')).toBeNull();
    });

    it('refuses a duplicate token hash', async () => {
      const ada = await user('ada');
      const expiresAt = new Date(Date.now() + HOUR);
      await store.createSession({ tokenHash: 'same', userId: ada.id, expiresAt });
      await expect(store.createSession({ tokenHash: 'same', userId: ada.id, expiresAt })).rejects.toThrow(
        StoreConflictError,
      );
    });
  });

  describe('rooms and membership', () => {
    it('creates a room with its members, seq 0 and key version 1', async () => {
      const owner = await user('owner');
      const a = await user('a');
      const b = await user('b');
      const created = await store.createRoom({
        name: 'Physics',
        kind: 'SESSION',
        encrypted: true,
        allowGuests: true,
        createdBy: owner.id,
        memberIds: [a.id, b.id],
      });
      expect(created).toMatchObject({
        name: 'Physics',
        kind: 'SESSION',
        encrypted: true,
        allowGuests: true,
        createdBy: owner.id,
        lastSeq: 0,
        keyVersion: 1,
      });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await store.getRoom(created.id)).toEqual(created);
      expect(await store.getRoom(MISSING)).toBeNull();
      expect(await store.isMember(created.id, a.id)).toBe(true);
      expect(await store.isMember(created.id, owner.id)).toBe(false);
      expect(await store.listMemberIds(created.id)).toEqual([a.id, b.id]);
      const plain = await room(owner.id);
      expect(plain).toMatchObject({ encrypted: false, allowGuests: false, kind: 'PRIVATE' });
    });

    it('reports whether add and remove changed anything', async () => {
      const owner = await user('owner');
      const a = await user('a');
      const r = await room(owner.id);
      expect(await store.addMember(r.id, a.id)).toBe(true);
      expect(await store.addMember(r.id, a.id)).toBe(false);
      expect(await store.isMember(r.id, a.id)).toBe(true);
      expect(await store.removeMember(r.id, a.id)).toBe(true);
      expect(await store.removeMember(r.id, a.id)).toBe(false);
      expect(await store.isMember(r.id, a.id)).toBe(false);
      expect(await store.listMemberIds(r.id)).toEqual([]);
    });

    it('lists member ids in join order and pages after a user id', async () => {
      const owner = await user('owner');
      const m = [];
      for (const handle of ['m1', 'm2', 'm3', 'm4', 'm5']) m.push((await user(handle)).id);
      const r = await room(owner.id, { memberIds: [m[0], m[1]] });
      for (const id of [m[2], m[3], m[4]]) await store.addMember(r.id, id);

      expect(await store.listMemberIds(r.id)).toEqual(m);
      expect(await store.listMemberIds(r.id, { limit: 2 })).toEqual([m[0], m[1]]);
      expect(await store.listMemberIds(r.id, { afterUserId: m[1], limit: 2 })).toEqual([m[2], m[3]]);
      expect(await store.listMemberIds(r.id, { afterUserId: m[3], limit: 2 })).toEqual([m[4]]);
      expect(await store.listMemberIds(r.id, { afterUserId: m[4] })).toEqual([]);

      await store.removeMember(r.id, m[2]);
      await store.addMember(r.id, m[2]);
      expect(await store.listMemberIds(r.id)).toEqual([m[0], m[1], m[3], m[4], m[2]]);
    });

    it('shows every public room plus the rooms the user belongs to, oldest first', async () => {
      const u = await user('u');
      const other = await user('other');
      const lobby = await room(other.id, { kind: 'PUBLIC', name: 'lobby' });
      const mine = await room(other.id, { name: 'mine', memberIds: [u.id] });
      const theirs = await room(other.id, { name: 'theirs', memberIds: [other.id] });
      const tutoring = await room(other.id, { kind: 'SESSION', name: 'tutoring', memberIds: [u.id, other.id] });
      const news = await room(other.id, { kind: 'PUBLIC', name: 'news', memberIds: [u.id] });
      const ordered = (rooms: { id: string; createdAt: Date }[]) =>
        [...rooms]
          .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1))
          .map((r) => r.id);

      const visibleToU = await store.listVisibleRooms(u.id);
      expect(visibleToU.map((r) => r.id)).toEqual(ordered([lobby, mine, tutoring, news]));
      expect(visibleToU.find((r) => r.id === mine.id)).toEqual(mine);
      expect((await store.listVisibleRooms(other.id)).map((r) => r.id)).toEqual(
        ordered([lobby, theirs, tutoring, news]),
      );

      await store.removeMember(mine.id, u.id);
      expect((await store.listVisibleRooms(u.id)).map((r) => r.id)).toEqual(ordered([lobby, tutoring, news]));
    });

    it('bumps the key version atomically per room', async () => {
      const owner = await user('owner');
      const r = await room(owner.id, { encrypted: true });
      const other = await room(owner.id, { encrypted: true });
      expect(await store.bumpKeyVersion(r.id)).toBe(2);
      expect(await store.bumpKeyVersion(r.id)).toBe(3);
      const bumped = await Promise.all(Array.from({ length: 10 }, () => store.bumpKeyVersion(r.id)));
      expect([...bumped].sort((x, y) => x - y)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect((await store.getRoom(r.id))?.keyVersion).toBe(13);
      expect((await store.getRoom(other.id))?.keyVersion).toBe(1);
    });
  });

  describe('messages', () => {
    it('hands out seq 1, 2, 3 per room, independently per room', async () => {
      const { author, room: first } = await chat();
      const second = await room(author.id);
      const seqs = [];
      for (const [roomId, clientId] of [
        [first.id, 'a'],
        [first.id, 'b'],
        [second.id, 'c'],
        [first.id, 'd'],
        [second.id, 'e'],
      ]) {
        seqs.push((await say(roomId, author.id, clientId)).message.seq);
      }
      expect(seqs).toEqual([1, 2, 1, 3, 2]);
      expect((await store.getRoom(first.id))?.lastSeq).toBe(3);
      expect((await store.getRoom(second.id))?.lastSeq).toBe(2);
    });

    it('stores what was appended', async () => {
      const { author, room: r } = await chat();
      const { message, created } = await say(r.id, author.id, 'client-1', 'hello');
      expect(created).toBe(true);
      expect(message).toMatchObject({
        roomId: r.id,
        authorId: author.id,
        clientId: 'client-1',
        seq: 1,
        body: 'hello',
        encrypted: null,
        editedAt: null,
        deletedAt: null,
      });
      expect(message.createdAt).toBeInstanceOf(Date);
      expect(await store.getMessage(message.id)).toEqual(message);
      expect(await store.getMessage(MISSING)).toBeNull();

      const sealed = await store.appendMessage({
        roomId: r.id,
        authorId: author.id,
        clientId: 'client-2',
        body: null,
        encrypted: payload(1),
      });
      expect(sealed.message).toMatchObject({ seq: 2, body: null, encrypted: payload(1) });
      expect(await store.getMessage(sealed.message.id)).toEqual(sealed.message);
    });

    it('appends idempotently per (room, author, clientId)', async () => {
      const { author, room: r } = await chat();
      const other = await user('other');
      const first = await say(r.id, author.id, 'same', 'first');
      const again = await say(r.id, author.id, 'same', 'second try');
      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      expect((await store.getRoom(r.id))?.lastSeq).toBe(1);

      const byOther = await say(r.id, other.id, 'same');
      expect(byOther).toMatchObject({ created: true, message: { seq: 2 } });
      const elsewhere = await say((await room(author.id)).id, author.id, 'same');
      expect(elsewhere).toMatchObject({ created: true, message: { seq: 1 } });
    });

    it('gives 200 concurrent appends the seqs 1..200 without duplicates', async () => {
      const { author, room: r } = await chat();
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => say(r.id, author.id, `concurrent-${i}`)));
      const seqs = results.map((result) => result.message.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(new Set(results.map((result) => result.message.id)).size).toBe(200);
      expect((await store.getRoom(r.id))?.lastSeq).toBe(200);
      expect(await store.listMessages(r.id, { from: 'oldest', limit: 500 })).toHaveLength(200);
    });

    it('creates only one message from concurrent retries of the same clientId', async () => {
      const { author, room: r } = await chat();
      const results = await Promise.all(Array.from({ length: 20 }, () => say(r.id, author.id, 'retry')));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.message.id)).size).toBe(1);
      expect((await store.getRoom(r.id))?.lastSeq).toBe(1);
    });

    it('pages history from the oldest or the newest end, always oldest first', async () => {
      const { author, room: r } = await chat();
      for (let i = 1; i <= 10; i += 1) await say(r.id, author.id, `m${i}`);
      const seqs = async (range: Parameters<Store['listMessages']>[1]) =>
        (await store.listMessages(r.id, range)).map((m) => m.seq);

      expect(await seqs({ from: 'oldest', limit: 3 })).toEqual([1, 2, 3]);
      expect(await seqs({ from: 'oldest', afterSeq: 3, limit: 3 })).toEqual([4, 5, 6]);
      expect(await seqs({ from: 'newest', limit: 3 })).toEqual([8, 9, 10]);
      expect(await seqs({ from: 'newest', beforeSeq: 8, limit: 3 })).toEqual([5, 6, 7]);
      expect(await seqs({ from: 'newest', beforeSeq: 3, limit: 5 })).toEqual([1, 2]);
      expect(await seqs({ from: 'oldest', afterSeq: 2, beforeSeq: 6, limit: 10 })).toEqual([3, 4, 5]);
      expect(await seqs({ from: 'newest', afterSeq: 2, beforeSeq: 9, limit: 2 })).toEqual([7, 8]);
      expect(await seqs({ from: 'oldest', afterSeq: 10, limit: 3 })).toEqual([]);
      expect(await store.listMessages((await room(author.id)).id, { from: 'newest', limit: 5 })).toEqual([]);
    });

    it('edits a message and turns it into a tombstone', async () => {
      const { author, room: r } = await chat();
      const { message } = await say(r.id, author.id, 'c1', 'original');
      const editedAt = new Date(Date.now() + 1000);
      const edited = await store.updateMessage(message.id, { body: 'edited', editedAt });
      expect(edited).toEqual({ ...message, body: 'edited', editedAt });

      const deletedAt = new Date(Date.now() + 2000);
      const tombstone = await store.updateMessage(message.id, { body: null, encrypted: null, deletedAt });
      expect(tombstone).toEqual({ ...message, body: null, editedAt, deletedAt });
      expect(await store.getMessage(message.id)).toEqual(tombstone);
      expect(await store.listMessages(r.id, { from: 'oldest', limit: 5 })).toEqual([tombstone]);
      expect(await store.updateMessage(MISSING, { body: 'x' })).toBeNull();
    });

    it('replaces or clears an encrypted payload', async () => {
      const { author, room: r } = await chat();
      const { message } = await store.appendMessage({
        roomId: r.id,
        authorId: author.id,
        clientId: 'sealed',
        body: null,
        encrypted: payload(1),
      });
      const resealed = await store.updateMessage(message.id, { encrypted: payload(2), editedAt: new Date() });
      expect(resealed?.encrypted).toEqual(payload(2));
      const cleared = await store.updateMessage(message.id, { encrypted: null, editedAt: null });
      expect(cleared).toEqual({ ...message, encrypted: null, editedAt: null });
    });

    it('returns the last message of a room', async () => {
      const { author, room: r } = await chat();
      expect(await store.lastMessage(r.id)).toBeNull();
      await say(r.id, author.id, 'one');
      const { message } = await say(r.id, author.id, 'two');
      expect(await store.lastMessage(r.id)).toEqual(message);
    });

    it('counts unread messages, leaving out own and deleted ones', async () => {
      const { author: a, room: r } = await chat();
      const b = await user('b');
      await say(r.id, a.id, '1');
      await say(r.id, b.id, '2');
      await say(r.id, b.id, '3');
      await say(r.id, a.id, '4');
      const { message: fifth } = await say(r.id, b.id, '5');
      await store.updateMessage(fifth.id, { body: null, deletedAt: new Date() });

      expect(await store.countMessagesAfter(r.id, 0, a.id)).toBe(2);
      expect(await store.countMessagesAfter(r.id, 2, a.id)).toBe(1);
      expect(await store.countMessagesAfter(r.id, 0, b.id)).toBe(2);
      expect(await store.countMessagesAfter(r.id, 5, a.id)).toBe(0);
    });
  });

  describe('read receipts', () => {
    it('moves a receipt forward only and returns it as stored', async () => {
      const { author, room: r } = await chat();
      const reader = await user('reader');
      const t = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 12, minutes));
      expect(await store.getReceipt(r.id, reader.id)).toBeNull();

      const first = { roomId: r.id, userId: reader.id, lastReadSeq: 5, readAt: t(1) };
      expect(await store.advanceReceipt(r.id, reader.id, 5, t(1))).toEqual(first);
      expect(await store.advanceReceipt(r.id, reader.id, 3, t(2))).toEqual(first);
      expect(await store.advanceReceipt(r.id, reader.id, 5, t(3))).toEqual(first);
      expect(await store.getReceipt(r.id, reader.id)).toEqual(first);

      const later = { ...first, lastReadSeq: 8, readAt: t(4) };
      expect(await store.advanceReceipt(r.id, reader.id, 8, t(4))).toEqual(later);
      await store.advanceReceipt(r.id, author.id, 2, t(5));
      const all = await store.listReceipts(r.id);
      expect([...all].sort((x, y) => x.lastReadSeq - y.lastReadSeq)).toEqual([
        { roomId: r.id, userId: author.id, lastReadSeq: 2, readAt: t(5) },
        later,
      ]);
      expect(await store.listReceipts((await room(author.id)).id)).toEqual([]);
    });
  });

  describe('end-to-end key material', () => {
    it('registers devices per user', async () => {
      const a = await user('a');
      const b = await user('b');
      const d1 = await createDevice(store, { userId: a.id, boxPublicKey: 'box1', signPublicKey: 'sign1' });
      const d2 = await createDevice(store, { userId: a.id, boxPublicKey: 'box2', signPublicKey: 'sign2' });
      const d3 = await createDevice(store, { userId: b.id, boxPublicKey: 'box3', signPublicKey: 'sign3' });
      expect(d1).toMatchObject({ userId: a.id, boxPublicKey: 'box1', signPublicKey: 'sign1', removedAt: null });
      expect(d1.createdAt).toBeInstanceOf(Date);
      expect(await store.getDevice(d1.id)).toEqual(d1);
      expect(await store.getDevice(MISSING)).toBeNull();
      const ofA = await store.listDevices(a.id);
      expect(ofA.map((d) => d.id).sort()).toEqual([d1.id, d2.id].sort());
      expect(await store.listDevices(b.id)).toEqual([d3]);
      expect(await store.listDevices(MISSING)).toEqual([]);
    });

    it('stores shared keys per (room, version, recipient) and lists them per room and recipient', async () => {
      const a = await user('a');
      const r = await room(a.id, { encrypted: true });
      const r2 = await room(a.id, { encrypted: true });
      const device = () => createDevice(store, { userId: a.id, boxPublicKey: 'b', signPublicKey: 's' });
      const [sender, d1, d2] = [await device(), await device(), await device()];
      const key = (roomId: string, keyVersion: number, recipient: string, box: string): WrappedKeyRecord => ({
        roomId,
        keyVersion,
        recipientDeviceId: recipient,
        senderDeviceId: sender.id,
        nonce: `nonce-${box}`,
        box,
      });
      const share = async (...keys: WrappedKeyRecord[]) => {
        const [{ roomId, keyVersion }] = keys;
        const wrapped = keys.map(({ recipientDeviceId, nonce, box }) => ({ recipientDeviceId, nonce, box }));
        return store.shareRoomKey({ roomId, keyVersion, senderDeviceId: sender.id, wrapped });
      };
      const byVersion = (keys: WrappedKeyRecord[]) => [...keys].sort((x, y) => x.keyVersion - y.keyVersion);

      await share(key(r.id, 1, d1.id, 'r-v1-d1'), key(r.id, 1, d2.id, 'r-v1-d2'));
      await share(key(r.id, 2, d1.id, 'r-v2-d1'));
      await share(key(r2.id, 1, d1.id, 'r2-v1-d1'));
      expect(byVersion(await store.listWrappedKeys(r.id, d1.id))).toEqual([
        key(r.id, 1, d1.id, 'r-v1-d1'),
        key(r.id, 2, d1.id, 'r-v2-d1'),
      ]);
      expect(await store.listWrappedKeys(r.id, d2.id)).toEqual([key(r.id, 1, d2.id, 'r-v1-d2')]);
      expect(await store.listWrappedKeys(r2.id, d1.id)).toEqual([key(r2.id, 1, d1.id, 'r2-v1-d1')]);
      expect(await store.listWrappedKeys(r2.id, d2.id)).toEqual([]);
      expect(await store.listWrappedKeys(r.id, sender.id)).toEqual([]);
    });

    it('removes a device: marks it (the first time is kept), deletes the keys wrapped for it, nothing else', async () => {
      const a = await user('a');
      const b = await user('b');
      const r = await room(a.id, { encrypted: true });
      const device = (userId: string) => createDevice(store, { userId, boxPublicKey: 'b', signPublicKey: 's' });
      const [gone, kept, other] = [await device(a.id), await device(a.id), await device(b.id)];
      const key = (recipient: string, sender: string, keyVersion = 1): WrappedKeyRecord => ({
        roomId: r.id,
        keyVersion,
        recipientDeviceId: recipient,
        senderDeviceId: sender,
        nonce: `n-${recipient}`,
        box: `box-${keyVersion}`,
      });
      const share = (sender: string, keyVersion: number, recipients: string[]) =>
        store.shareRoomKey({
          roomId: r.id,
          keyVersion,
          senderDeviceId: sender,
          wrapped: recipients.map((id) => ({ recipientDeviceId: id, nonce: `n-${id}`, box: `box-${keyVersion}` })),
        });
      // `gone` wrapped keys for the others: those are theirs and stay.
      await share(kept.id, 1, [gone.id]);
      await share(kept.id, 2, [gone.id]);
      await share(gone.id, 1, [kept.id, other.id]);

      const at = new Date(Date.UTC(2030, 0, 1));
      const removed = await store.removeDevice(gone.id, at);
      expect(removed).toEqual({ ...gone, removedAt: at });
      expect(await store.getDevice(gone.id)).toEqual(removed);
      expect(await store.listWrappedKeys(r.id, gone.id)).toEqual([]);
      expect(await store.listWrappedKeys(r.id, kept.id)).toEqual([key(kept.id, gone.id)]);
      expect(await store.listWrappedKeys(r.id, other.id)).toEqual([key(other.id, gone.id)]);
      // Listed with the others, removal included, so its public keys stay available.
      expect((await store.listDevices(a.id)).find((d) => d.id === gone.id)).toEqual(removed);
      expect(await store.getDevice(kept.id)).toEqual(kept);

      const later = new Date(Date.UTC(2030, 0, 2));
      expect(await store.removeDevice(gone.id, later)).toEqual(removed);
      expect(await store.removeDevice(MISSING, later)).toBeNull();
      expect(await store.removeDevice('not-an-id', later)).toBeNull();
    });

    it('upserts one key backup per user', async () => {
      const a = await user('a');
      expect(await store.getKeyBackup(a.id)).toBeNull();
      const backup = {
        userId: a.id,
        salt: 'salt',
        iterations: 600_000,
        nonce: 'n1',
        ciphertext: 'c1',
        updatedAt: new Date(Date.UTC(2030, 0, 1)),
      };
      await store.putKeyBackup(backup);
      expect(await store.getKeyBackup(a.id)).toEqual(backup);
      const replaced = { ...backup, nonce: 'n2', ciphertext: 'c2', updatedAt: new Date(Date.UTC(2030, 0, 2)) };
      await store.putKeyBackup(replaced);
      expect(await store.getKeyBackup(a.id)).toEqual(replaced);
    });
  });
});
