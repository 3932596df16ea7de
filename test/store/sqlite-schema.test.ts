import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { migrations } from '../../server/store/sqlite/migrations.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { AuditQuery } from '../../server/store/store.js';
import { sqliteAdapter } from './adapters.js';

// What the SQLite schema itself guarantees: the audit log refuses changes from any
// connection, databases made by the first migration upgrade with their data, and every
// statement the adapter runs is served by an index.

describe('SQLite schema', () => {
  const files = sqliteAdapter();
  afterAll(() => files.dispose());
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const fileFor = (name: string) => {
    mkdirSync(path.join(files.dir, name), { recursive: true });
    return path.join(files.dir, name, 'mentor-chat.db');
  };

  it('refuses to update or delete audit rows, even from another connection', async () => {
    const file = fileFor('audit');
    const store = openSqliteStore(file);
    const raw = new Database(file);
    try {
      const entry = await store.appendAudit({ actorId: null, action: 'role.change', details: { to: 'ADMIN' } });
      expect(() => raw.prepare("UPDATE audit SET action = 'nothing'").run()).toThrow('audit log is append-only');
      expect(() => raw.prepare('DELETE FROM audit WHERE seq = ?').run(entry.seq)).toThrow('audit log is append-only');
      expect(() => raw.prepare('DELETE FROM audit').run()).toThrow('audit log is append-only');
      expect(await store.listAudit({ limit: 10 })).toEqual([entry]);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('numbers audit entries across connections sharing the file', async () => {
    const file = fileFor('audit-shared');
    const [a, b] = [openSqliteStore(file), openSqliteStore(file)];
    try {
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).appendAudit({ actorId: null, action: `a${i}` })),
      );
      expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await b.listAudit({ limit: 1 }))[0].seq).toBe(50);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('upgrades a database made by the first migration, keeping its data', async () => {
    const file = fileFor('upgrade');
    const v1 = new Database(file);
    v1.exec(migrations[0]);
    v1.pragma('user_version = 1');
    const now = Date.now();
    v1.exec(`
      INSERT INTO users (id, handle, display_name, role, created_at) VALUES
        ('u-ada', 'ada', 'Ada', 'STUDENT', ${now}), ('u-bob', 'bob', 'Bob', 'MENTOR', ${now});
      INSERT INTO rooms (id, name, kind, encrypted, allow_guests, created_by, last_seq, created_at)
        VALUES ('r-1', 'Room', 'PRIVATE', 1, 0, 'u-ada', 1, ${now});
      INSERT INTO messages (id, room_id, author_id, seq, client_id, body, created_at)
        VALUES ('m-1', 'r-1', 'u-ada', 1, 'c-1', 'hello', ${now});
      INSERT INTO devices (id, user_id, box_public_key, sign_public_key, created_at)
        VALUES ('d-ada', 'u-ada', 'b', 's', ${now}), ('d-bob', 'u-bob', 'b', 's', ${now});
      INSERT INTO wrapped_keys (room_id, key_version, recipient_device_id, sender_device_id, nonce, box)
        VALUES ('r-1', 1, 'd-bob', 'd-ada', 'n', 'box');`);
    v1.close();

    const store = openSqliteStore(file);
    try {
      expect(await store.getUser('u-ada')).toMatchObject({ handle: 'ada', safeguardingLead: false, deletedAt: null });
      expect(await store.getRoom('r-1')).toMatchObject({ lastSeq: 1, retentionDays: null });
      expect(await store.getMessage('m-1')).toMatchObject({ body: 'hello', kind: 'USER' });
      const bobsKey = { roomId: 'r-1', keyVersion: 1, recipientDeviceId: 'd-bob', senderDeviceId: 'd-ada' };
      expect(await store.listWrappedKeys('r-1', 'd-bob')).toEqual([{ ...bobsKey, nonce: 'n', box: 'box' }]);
      // The sender is no longer a foreign key: Ada's device goes, the key it wrapped for Bob stays.
      await store.deleteUserKeyMaterial('u-ada');
      expect(await store.getDevice('d-ada')).toBeNull();
      expect(await store.listWrappedKeys('r-1', 'd-bob')).toHaveLength(1);
    } finally {
      await store.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('serves every statement from an index, never a full table scan', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const file = fileFor('plans');
    const store = openSqliteStore(file);
    // The audit listing prepares one statement per combination of filters: use them all.
    const filters = ['action', 'actorId', 'targetUserId', 'roomId'] as const;
    for (let mask = 0; mask < 2 ** filters.length; mask += 1) {
      const query: AuditQuery = { limit: 1 };
      filters.forEach((filter, bit) => {
        if (mask & (1 << bit)) query[filter] = 'x';
      });
      await store.listAudit(query);
    }
    await store.close();
    const reads = prepare.mock.calls
      .map(([source]) => source)
      .filter((source) => /^\s*(SELECT|UPDATE|DELETE)\b/.test(source) && /\b(FROM|SET)\b/.test(source));
    vi.restoreAllMocks();
    expect(reads.length).toBeGreaterThan(40);

    const raw = new Database(file, { readonly: true });
    raw.function('mentor_fold', (text: unknown) => text);
    try {
      const fullScans = reads.flatMap((source) => {
        const names = [...new Set(Array.from(source.matchAll(/@(\w+)/g), (match) => match[1]))];
        const positional = source.split('?').length - 1;
        const explain = raw.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${source}`);
        const plan =
          names.length > 0
            ? explain.all(Object.fromEntries(names.map((name) => [name, null])))
            : explain.all(...Array(positional).fill(null));
        return plan.filter((step) => /^SCAN \w+$/.test(step.detail)).map((step) => `${step.detail}: ${source}`);
      });
      expect(fullScans).toEqual([]);
    } finally {
      raw.close();
    }
  });
});
