import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../server/store/store.js';
import { contractAdapters, freshStore, HOUR, MISSING } from './contract-fixtures.js';

// Account fields and operations added for safeguarding and account deletion, for every adapter.

const adapters = await contractAdapters();

describe.each(adapters)('Store contract, accounts: $name', (adapter) => {
  const { store, user } = freshStore(adapter);

  describe('users', () => {
    it('creates users as no safeguarding lead and not deleted', async () => {
      const ada = await user('ada');
      expect(ada).toMatchObject({ safeguardingLead: false, deletedAt: null });
      expect(await store().getUser(ada.id)).toEqual(ada);
    });

    it('updates each field of the patch and leaves the others', async () => {
      const ada = await store().createUser({
        handle: 'ada',
        displayName: 'Ada',
        role: 'ADMIN',
        passwordHash: '$argon2id$hash',
        portalSubjectHash: 'subject-ada',
      });
      const lead = await store().updateUser(ada.id, { safeguardingLead: true });
      expect(lead).toEqual({ ...ada, safeguardingLead: true });
      expect(await store().updateUser(ada.id, {})).toEqual(lead);

      const deletedAt = new Date(Date.UTC(2030, 0, 1));
      const deleted = await store().updateUser(ada.id, {
        displayName: 'Deleted user',
        handle: `DELETED-${ada.id}`,
        passwordHash: null,
        portalSubjectHash: null,
        safeguardingLead: false,
        deletedAt,
      });
      expect(deleted).toEqual({
        ...ada,
        displayName: 'Deleted user',
        handle: `deleted-${ada.id}`,
        passwordHash: null,
        portalSubjectHash: null,
        deletedAt,
      });
      expect(await store().getUser(ada.id)).toEqual(deleted);
      expect(await store().updateUser(MISSING, { deletedAt })).toBeNull();
    });

    it('frees the old handle and portal subject when they are replaced', async () => {
      const ada = await store().createUser({
        handle: 'ada',
        displayName: 'Ada',
        role: 'STUDENT',
        portalSubjectHash: 'subject-ada',
      });
      await store().updateUser(ada.id, { handle: `deleted-${ada.id}`, portalSubjectHash: null });
      expect(await store().getUserByHandle('ada')).toBeNull();
      expect(await store().getUserByPortalSubject('subject-ada')).toBeNull();
      const again = await store().createUser({
        handle: 'ada',
        displayName: 'New Ada',
        role: 'STUDENT',
        portalSubjectHash: 'subject-ada',
      });
      expect(await store().getUserByHandle('ADA')).toEqual(again);
      expect(await store().getUserByPortalSubject('subject-ada')).toEqual(again);
    });

    it('refuses renaming to a handle that is taken, whatever its case', async () => {
      await user('ada');
      const bob = await user('bob');
      await expect(store().updateUser(bob.id, { handle: 'ADA' })).rejects.toThrow(StoreConflictError);
      await expect(store().updateUser(bob.id, { handle: 'ada' })).rejects.toMatchObject({ constraint: 'handle' });
      expect(await store().getUser(bob.id)).toEqual(bob);
    });

    it('lists the safeguarding leads by handle', async () => {
      const grace = await user('grace', 'ADMIN');
      const alan = await user('alan', 'ADMIN');
      await user('kim', 'ADMIN');
      await user('ada');
      expect(await store().listSafeguardingLeads()).toEqual([]);
      await store().updateUser(grace.id, { safeguardingLead: true });
      await store().updateUser(alan.id, { safeguardingLead: true });
      expect((await store().listSafeguardingLeads()).map((u) => u.handle)).toEqual(['alan', 'grace']);
      await store().updateUser(grace.id, { safeguardingLead: false });
      expect(await store().listSafeguardingLeads()).toEqual([{ ...alan, safeguardingLead: true }]);
    });

    it('lists users deleted before a time that still hold their handle', async () => {
      const t = (day: number) => new Date(Date.UTC(2030, 0, day));
      const deleteUser = async (handle: string, deletedAt: Date) =>
        store().updateUser((await user(handle)).id, { deletedAt });
      await user('alive');
      const early = await deleteUser('early', t(1));
      const holding = await deleteUser('holding', t(2));
      const released = await deleteUser('released', t(2));
      await store().updateUser(released!.id, { handle: `deleted-${released!.id}` });
      await deleteUser('on-the-day', t(5));
      await deleteUser('late', t(9));

      const handles = async (before: Date) =>
        (await store().listDeletedUsersHoldingHandles(before)).map((u) => u.handle).sort();
      expect(await handles(t(5))).toEqual(['early', 'holding']);
      expect(await handles(t(1))).toEqual([]);
      expect(await handles(t(30))).toEqual(['early', 'holding', 'late', 'on-the-day']);
      expect(await store().listDeletedUsersHoldingHandles(t(2))).toEqual([early]);
      expect(await store().listDeletedUsersHoldingHandles(t(3))).toContainEqual(holding);
    });
  });

  describe('sessions', () => {
    it('revokes every live session of a user and returns their hashes', async () => {
      const ada = await user('ada');
      const bob = await user('bob');
      const live = new Date(Date.now() + HOUR);
      for (const hash of ['a1', 'a2', 'a3', 'a-revoked']) {
        await store().createSession({ tokenHash: hash, userId: ada.id, expiresAt: live });
      }
      await store().createSession({ tokenHash: 'a-expired', userId: ada.id, expiresAt: new Date(Date.now() - HOUR) });
      await store().createSession({ tokenHash: 'b1', userId: bob.id, expiresAt: live });
      await store().revokeSession('a-revoked');
      const revokedEarlier = await store().getSession('a-revoked');

      expect((await store().revokeUserSessions(ada.id)).sort()).toEqual(['a1', 'a2', 'a3']);
      for (const hash of ['a1', 'a2', 'a3']) expect((await store().getSession(hash))?.revokedAt).toBeInstanceOf(Date);
      expect(await store().getSession('a-revoked')).toEqual(revokedEarlier);
      // An expired session is left alone; a store may have dropped it already (MongoDB's TTL index).
      const expired = await store().getSession('a-expired');
      expect(expired === null || expired.revokedAt === null).toBe(true);
      expect((await store().getSession('b1'))?.revokedAt).toBeNull();
      expect(await store().revokeUserSessions(ada.id)).toEqual([]);
      expect(await store().revokeUserSessions(MISSING)).toEqual([]);
    });

    it('reports each session as revoked by exactly one of concurrent revocations', async () => {
      const ada = await user('ada');
      const hashes = Array.from({ length: 10 }, (_, i) => `s${i}`);
      for (const tokenHash of hashes) {
        await store().createSession({ tokenHash, userId: ada.id, expiresAt: new Date(Date.now() + HOUR) });
      }
      const [all, again, single] = await Promise.all([
        store().revokeUserSessions(ada.id),
        store().revokeUserSessions(ada.id),
        store().revokeSession('s0'),
      ]);
      const reported = [...all, ...again, ...(single ? ['s0'] : [])];
      expect(reported.sort()).toEqual([...hashes].sort());
    });
  });
});
