import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/store/sqlite/migrations.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';
import { sqliteAdapter } from './adapters.js';

// What only the SQLite adapter promises: the file itself, several connections on it, and
// index-backed history. The behaviour every adapter shares is in store.contract.test.ts.

describe('SQLite adapter', () => {
  const files = sqliteAdapter();
  afterAll(() => files.dispose());
  const fileFor = (name: string) => path.join(files.dir, name, 'mentor-chat.db');
  /** A user and a room she belongs to. */
  const seed = async (store: Store) => {
    const ada = await store.createUser({ handle: 'ada', displayName: 'Ada', role: 'STUDENT' });
    const room = await store.createRoom({
      name: 'r',
      kind: 'PUBLIC',
      encrypted: false,
      allowGuests: false,
      createdBy: ada.id,
      memberIds: [ada.id],
    });
    return { ada, room };
  };
  const append = (store: Store, roomId: string, authorId: string, clientId: string, body = 'x') =>
    store.appendMessage({ roomId, authorId, clientId, body, encrypted: null });

  it('keeps data across closing and reopening the same file', async () => {
    const file = fileFor('reopen');
    const first = openSqliteStore(file);
    const { ada, room: r } = await seed(first);
    const { message } = await append(first, r.id, ada.id, 'c1', 'persisted');
    await first.advanceReceipt(r.id, ada.id, 1, new Date(Date.UTC(2030, 0, 1)));
    await first.close();

    const second = openSqliteStore(file);
    try {
      expect(await second.getUser(ada.id)).toEqual(ada);
      expect(await second.getRoom(r.id)).toEqual({ ...r, lastSeq: 1 });
      expect(await second.listMemberIds(r.id)).toEqual([ada.id]);
      expect(await second.getMessage(message.id)).toEqual(message);
      expect((await second.getReceipt(r.id, ada.id))?.lastReadSeq).toBe(1);
      expect((await append(second, r.id, ada.id, 'c2')).message.seq).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('creates the file in WAL mode at the latest schema version', async () => {
    const file = fileFor('pragmas');
    await openSqliteStore(file).close();
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    } finally {
      raw.close();
    }
  });

  it('shares one file between connections without reusing a seq', async () => {
    const file = fileFor('shared');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      const { ada, room: r } = await seed(a);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => append(i % 2 ? a : b, r.id, ada.id, `c${i % 20}`)),
      );
      expect(results.filter((result) => result.created)).toHaveLength(20);
      expect(new Set(results.map((result) => result.message.seq))).toEqual(
        new Set(Array.from({ length: 20 }, (_, i) => i + 1)),
      );
      await expect(b.createUser({ handle: 'ADA', displayName: 'Other', role: 'STUDENT' })).rejects.toMatchObject({
        constraint: 'handle',
      });
    } finally {
      await a.close();
      await b.close();
    }
  });

  describe('group commit of appends', () => {
    /** Frames in the write-ahead log: every commit adds at least one. */
    const walFrames = (file: string) => Math.max(0, (fs.statSync(`${file}-wal`).size - 32) / (4096 + 24));

    it('writes the appends asked for together in one commit, each with its own seq', async () => {
      const file = fileFor('group');
      const store = openSqliteStore(file);
      try {
        const { ada, room: r } = await seed(store);
        const raw = new Database(file);
        raw.pragma('wal_checkpoint(TRUNCATE)');
        raw.close();
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(store, r.id, ada.id, `g${i}`)));
        expect(results.map((result) => result.message.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        // Fifty commits would have written at least fifty frames; one commit writes each page once.
        expect(walFrames(file)).toBeLessThan(50);
      } finally {
        await store.close();
      }
    });

    it('refuses one append of a batch alone: the others are written', async () => {
      const file = fileFor('group-refusal');
      const store = openSqliteStore(file);
      try {
        const { ada, room: r } = await seed(store);
        const outcomes = await Promise.allSettled([
          append(store, r.id, ada.id, 'before'),
          append(store, 'no-such-room', ada.id, 'lost'),
          append(store, r.id, ada.id, 'after'),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        const page = await store.listMessages(r.id, { from: 'oldest', limit: 10 });
        expect(page.map((m) => [m.clientId, m.seq])).toEqual([
          ['before', 1],
          ['after', 2],
        ]);
      } finally {
        await store.close();
      }
    });

    it('commits what is still waiting when the store closes', async () => {
      const file = fileFor('group-close');
      const first = openSqliteStore(file);
      const { ada, room: r } = await seed(first);
      const pending = append(first, r.id, ada.id, 'last words');
      await first.close();
      const { message } = await pending;
      const second = openSqliteStore(file);
      try {
        expect(await second.getMessage(message.id)).toEqual(message);
      } finally {
        await second.close();
      }
    });
  });

  it('reads a page of history from a room of 1,000,000 messages in well under a millisecond', async () => {
    const file = fileFor('big');
    const setup = openSqliteStore(file);
    const { ada, room: big } = await seed(setup);
    const bob = await setup.createUser({ handle: 'bob', displayName: 'Bob', role: 'STUDENT' });
    await setup.close();

    const total = 1_000_000;
    const raw = new Database(file);
    raw.transaction(() => {
      // Authors alternate so the unread count has rows to skip; ids are made up for speed.
      raw
        .prepare(`
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @total)
          INSERT INTO messages (id, room_id, author_id, seq, client_id, body, created_at)
          SELECT 'bulk-' || i, @room, CASE i % 2 WHEN 0 THEN @ada ELSE @bob END, i, 'c' || i, 'message ' || i, @now
          FROM n`)
        .run({ total, room: big.id, ada: ada.id, bob: bob.id, now: Date.now() });
      raw.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?').run(total, big.id);
    })();
    raw.close();

    const store = openSqliteStore(file);
    try {
      const median = async (run: () => Promise<unknown>) => {
        const times: number[] = [];
        for (let i = 0; i < 30; i += 1) {
          const start = performance.now();
          await run();
          times.push(performance.now() - start);
        }
        return times.sort((x, y) => x - y)[15];
      };
      const newest = await store.listMessages(big.id, { from: 'newest', limit: 50 });
      expect(newest.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => total - 49 + i));
      const middle = await store.listMessages(big.id, { from: 'newest', beforeSeq: 500_001, limit: 50 });
      expect(middle[49].seq).toBe(500_000);
      expect(await store.countMessagesAfter(big.id, total - 1000, ada.id)).toBe(500);

      expect(await median(() => store.listMessages(big.id, { from: 'newest', limit: 50 }))).toBeLessThan(1);
      expect(
        await median(() => store.listMessages(big.id, { from: 'oldest', afterSeq: 700_000, limit: 50 })),
      ).toBeLessThan(1);
      expect(
        await median(() => store.listMessages(big.id, { from: 'newest', beforeSeq: 300_000, limit: 50 })),
      ).toBeLessThan(1);
      expect(await median(() => store.countMessagesAfter(big.id, total - 1000, ada.id))).toBeLessThan(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
