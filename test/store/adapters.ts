import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';

/** One storage backend the contract suite runs against. */
export interface StoreAdapter {
  readonly name: Store['kind'];
  /** Opens a new, empty store; the caller closes it. */
  open(): Promise<Store>;
  /** Removes everything this adapter created (files, databases, servers). */
  dispose(): Promise<void>;
}

/** A temp directory for this suite; each store gets its own `<n>/mentor-chat.db` below it. */
export function sqliteAdapter(): StoreAdapter & { readonly dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-store-'));
  let opened = 0;
  return {
    name: 'sqlite',
    dir,
    async open() {
      opened += 1;
      return openSqliteStore(path.join(dir, String(opened), 'mentor-chat.db'));
    },
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** MongoDB when configured: a database per store, named for this run and dropped at the end. */
async function mongoAdapter(): Promise<StoreAdapter | null> {
  let uri = process.env.MONGODB_URI;
  let stopServer = async () => {};
  if (!uri && process.env.MONGOMS_SYSTEM_BINARY) {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    // WiredTiger keeps a journal, which the adapter's writes wait for (j: true).
    const server = await MongoMemoryServer.create({ instance: { storageEngine: 'wiredTiger' } });
    uri = server.getUri();
    stopServer = async () => {
      await server.stop();
    };
  }
  // The one line saying MongoDB was skipped is printed once per run by test/store/global-setup.ts.
  if (!uri) return null;
  const mongoUri = uri;
  const { openMongoStore } = await import('../../server/store/mongo/mongo-store.js');
  const run = `mentor_chat_test_${process.pid}_${Date.now().toString(36)}`;
  const dbNames: string[] = [];
  return {
    name: 'mongo',
    async open() {
      const dbName = `${run}_${dbNames.length + 1}`;
      dbNames.push(dbName);
      return openMongoStore(mongoUri, { dbName });
    },
    async dispose() {
      const { default: mongoose } = await import('mongoose');
      const connection = await mongoose.createConnection(mongoUri).asPromise();
      try {
        for (const dbName of dbNames) await connection.useDb(dbName).dropDatabase();
      } finally {
        await connection.close();
        await stopServer();
      }
    },
  };
}

/** The adapters available in this run: SQLite always, MongoDB when configured. */
export async function loadAdapters(): Promise<StoreAdapter[]> {
  const mongo = await mongoAdapter();
  return mongo ? [sqliteAdapter(), mongo] : [sqliteAdapter()];
}
