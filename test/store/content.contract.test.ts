import { describe, expect, it } from 'vitest';
import type { MessageRecord, RoomRecord, WrappedKeyRecord } from '../../server/store/store.js';
import { clockPast, contractAdapters, createDevice, freshStore, MISSING } from './contract-fixtures.js';

// Room settings, the sweeps over messages, and removing a user's key material, for every adapter.

const adapters = await contractAdapters();

/** (createdAt, id): the order listMessagesByAuthor promises. */
const byTimeThenId = (x: MessageRecord, y: MessageRecord) =>
  x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

describe.each(adapters)('Store contract, rooms and messages: $name', (adapter) => {
  const { store, user, room, say } = freshStore(adapter);

  describe('rooms', () => {
    it('creates rooms without retention and updates name and retention independently', async () => {
      const owner = await user('owner');
      const r = await room(owner.id, { name: 'Physics' });
      expect(r.retentionDays).toBeNull();
      const kept = await store().updateRoom(r.id, { retentionDays: 30 });
      expect(kept).toEqual({ ...r, retentionDays: 30 });
      const renamed = await store().updateRoom(r.id, { name: 'Physics 2' });
      expect(renamed).toEqual({ ...r, name: 'Physics 2', retentionDays: 30 });
      expect(await store().updateRoom(r.id, {})).toEqual(renamed);
      const cleared = await store().updateRoom(r.id, { retentionDays: null });
      expect(cleared).toEqual({ ...r, name: 'Physics 2' });
      expect(await store().getRoom(r.id)).toEqual(cleared);
      expect(await store().updateRoom(MISSING, { name: 'x' })).toBeNull();
    });

    it('pages through every room by id', async () => {
      const owner = await user('owner');
      const rooms: RoomRecord[] = [];
      for (const kind of ['PUBLIC', 'PRIVATE', 'SESSION', 'PRIVATE', 'PUBLIC'] as const) {
        rooms.push(await room(owner.id, { kind }));
      }
      const ids = rooms.map((r) => r.id).sort();
      const seen: RoomRecord[] = [];
      let page = await store().listAllRooms({ limit: 2 });
      while (page.length > 0) {
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page);
        page = await store().listAllRooms({ afterId: page[page.length - 1].id, limit: 2 });
      }
      expect(seen.map((r) => r.id)).toEqual(ids);
      expect(seen.find((r) => r.id === rooms[2].id)).toEqual(rooms[2]);
    });

    it("lists the ids of a user's rooms", async () => {
      const owner = await user('owner');
      const ada = await user('ada');
      const first = await room(owner.id, { memberIds: [ada.id] });
      await room(owner.id, { kind: 'PUBLIC', memberIds: [owner.id] });
      const third = await room(owner.id);
      await store().addMember(third.id, ada.id);
      expect((await store().listMemberRoomIds(ada.id)).sort()).toEqual([first.id, third.id].sort());
      await store().removeMember(first.id, ada.id);
      expect(await store().listMemberRoomIds(ada.id)).toEqual([third.id]);
      expect(await store().listMemberRoomIds(MISSING)).toEqual([]);
    });
  });

  describe('messages', () => {
    it('stores the kind of a message, USER unless told', async () => {
      const author = await user('author');
      const r = await room(author.id);
      const { message: written } = await say(r.id, author.id, 'c1');
      const { message: notice } = await say(r.id, author.id, 'c2', 'SYSTEM');
      expect(written.kind).toBe('USER');
      expect(notice.kind).toBe('SYSTEM');
      expect(await store().getMessage(notice.id)).toEqual(notice);
      expect(await store().listMessages(r.id, { from: 'oldest', limit: 5 })).toEqual([written, notice]);
      expect((await say(r.id, author.id, 'c2', 'USER')).message).toEqual(notice);
    });

    it("pages through a user's messages in (createdAt, id) order, strictly after the cursor", async () => {
      const author = await user('author');
      const other = await user('other');
      const [r1, r2] = [await room(author.id), await room(author.id)];
      const mine: MessageRecord[] = [];
      for (let i = 0; i < 8; i += 1) {
        mine.push((await say(i % 3 ? r1.id : r2.id, author.id, `m${i}`)).message);
        await say(r1.id, other.id, `o${i}`);
        // Some messages share a millisecond, so ties on createdAt are ordered by id.
        if (i % 3 === 2) await clockPast(mine[i].createdAt);
      }
      const pages: MessageRecord[][] = [];
      let page = await store().listMessagesByAuthor(author.id, { limit: 3 });
      while (page.length > 0) {
        pages.push(page);
        const last = page[page.length - 1];
        page = await store().listMessagesByAuthor(author.id, { after: last, limit: 3 });
      }
      expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
      expect(pages.flat()).toEqual([...mine].sort(byTimeThenId));
      expect(await store().listMessagesByAuthor(MISSING, { limit: 3 })).toEqual([]);
    });

    it('tombstones the live messages of an author and counts them', async () => {
      const author = await user('author');
      const other = await user('other');
      const [r1, r2] = [await room(author.id), await room(author.id)];
      const { message: plain } = await say(r1.id, author.id, 'plain');
      const { message: sealed } = await store().appendMessage({
        roomId: r2.id,
        authorId: author.id,
        clientId: 'sealed',
        body: null,
        encrypted: { v: 1, keyVersion: 1, senderDeviceId: 'd', nonce: 'n', ciphertext: 'c', signature: 's' },
      });
      const { message: notice } = await say(r2.id, author.id, 'notice', 'SYSTEM');
      const { message: gone } = await say(r1.id, author.id, 'gone');
      const earlier = new Date(Date.UTC(2029, 0, 1));
      const goneTombstone = await store().updateMessage(gone.id, { body: null, deletedAt: earlier });
      const { message: theirs } = await say(r1.id, other.id, 'theirs');

      const at = new Date(Date.UTC(2030, 0, 1));
      expect(await store().tombstoneMessagesByAuthor(author.id, at)).toBe(3);
      for (const message of [plain, sealed, notice]) {
        expect(await store().getMessage(message.id)).toEqual({
          ...message,
          body: null,
          encrypted: null,
          deletedAt: at,
        });
      }
      expect(await store().getMessage(gone.id)).toEqual(goneTombstone);
      expect(await store().getMessage(theirs.id)).toEqual(theirs);
      expect(await store().tombstoneMessagesByAuthor(author.id, new Date())).toBe(0);
    });

    it('counts each message once when tombstoning runs concurrently', async () => {
      const author = await user('author');
      const r = await room(author.id);
      for (let i = 0; i < 30; i += 1) await say(r.id, author.id, `m${i}`);
      const counts = await Promise.all(
        Array.from({ length: 4 }, () => store().tombstoneMessagesByAuthor(author.id, new Date())),
      );
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(30);
    });

    it("expires a room's live messages created before a time, notices included", async () => {
      const author = await user('author');
      const [r, elsewhere] = [await room(author.id), await room(author.id)];
      const { message: old } = await say(r.id, author.id, 'old');
      const { message: oldNotice } = await say(r.id, author.id, 'old-notice', 'SYSTEM');
      const { message: oldGone } = await say(r.id, author.id, 'old-gone');
      const goneTombstone = await store().updateMessage(oldGone.id, { body: null, deletedAt: new Date(0) });
      const { message: otherRoom } = await say(elsewhere.id, author.id, 'other-room');
      await clockPast(otherRoom.createdAt);
      const { message: recent } = await say(r.id, author.id, 'recent');

      const at = new Date(Date.UTC(2030, 0, 1));
      // Strictly before: the message created at the cut-off itself stays.
      expect(await store().expireMessages(r.id, recent.createdAt, at)).toBe(2);
      for (const message of [old, oldNotice]) {
        expect(await store().getMessage(message.id)).toEqual({ ...message, body: null, deletedAt: at });
      }
      expect(await store().getMessage(oldGone.id)).toEqual(goneTombstone);
      expect(await store().getMessage(otherRoom.id)).toEqual(otherRoom);
      expect(await store().getMessage(recent.id)).toEqual(recent);
      expect(await store().expireMessages(r.id, recent.createdAt, new Date())).toBe(0);
      expect(await store().expireMessages(MISSING, new Date(), new Date())).toBe(0);
    });
  });

  describe('end-to-end key material', () => {
    it("removes a user's devices, the keys wrapped for them and their backup, nothing else", async () => {
      const ada = await user('ada');
      const bob = await user('bob');
      const r = await room(ada.id, { encrypted: true, memberIds: [ada.id, bob.id] });
      const device = (userId: string) => createDevice(store(), { userId, boxPublicKey: 'b', signPublicKey: 's' });
      const [a1, a2, b1] = [await device(ada.id), await device(ada.id), await device(bob.id)];
      const key = (recipient: string, sender: string, keyVersion = 1): WrappedKeyRecord => ({
        roomId: r.id,
        keyVersion,
        recipientDeviceId: recipient,
        senderDeviceId: sender,
        nonce: `n-${recipient}-${sender}`,
        box: `box-${keyVersion}`,
      });
      const share = (sender: string, recipients: string[], keyVersion = 1) =>
        store().shareRoomKey({
          roomId: r.id,
          keyVersion,
          senderDeviceId: sender,
          wrapped: recipients.map((id) => ({
            recipientDeviceId: id,
            nonce: `n-${id}-${sender}`,
            box: `box-${keyVersion}`,
          })),
        });
      // Ada's device wrapped a key for Bob's: that one is Bob's and stays.
      await share(a1.id, [a2.id, b1.id]);
      await share(b1.id, [a1.id]);
      await share(b1.id, [b1.id], 2);
      const backup = (userId: string) => ({
        userId,
        salt: 's',
        iterations: 1,
        nonce: 'n',
        ciphertext: 'c',
        updatedAt: new Date(Date.UTC(2030, 0, 1)),
      });
      await store().putKeyBackup(backup(ada.id));
      await store().putKeyBackup(backup(bob.id));

      await store().deleteUserKeyMaterial(ada.id);
      expect(await store().listDevices(ada.id)).toEqual([]);
      expect(await store().getDevice(a1.id)).toBeNull();
      expect(await store().listWrappedKeys(r.id, a1.id)).toEqual([]);
      expect(await store().listWrappedKeys(r.id, a2.id)).toEqual([]);
      expect(await store().getKeyBackup(ada.id)).toBeNull();

      expect(await store().listDevices(bob.id)).toEqual([b1]);
      const bobsKeys = await store().listWrappedKeys(r.id, b1.id);
      expect([...bobsKeys].sort((x, y) => x.keyVersion - y.keyVersion)).toEqual([
        key(b1.id, a1.id),
        key(b1.id, b1.id, 2),
      ]);
      expect(await store().getKeyBackup(bob.id)).toEqual(backup(bob.id));

      await expect(store().deleteUserKeyMaterial(ada.id)).resolves.toBeUndefined();
      await expect(store().deleteUserKeyMaterial(MISSING)).resolves.toBeUndefined();
    });
  });
});
