import type { Store } from '../store.js';
import { auditMethods } from './audit.js';
import { openDatabase } from './connection.js';
import { keyMethods } from './keys.js';
import { messageMethods } from './messages.js';
import { moderationMethods } from './moderation.js';
import { roomMethods } from './rooms.js';
import { prepareStatements } from './statements.js';
import { userMethods } from './users.js';

/**
 * Opens (creating it and its directory when missing) the SQLite database at `filePath`
 * and brings its schema up to date. Several server processes may share the file.
 */
export function openSqliteStore(filePath: string): Store {
  const db = openDatabase(filePath);
  const sqlite = { db, q: prepareStatements(db), beforeClose: [] as (() => void)[] };
  return {
    kind: 'sqlite',
    ...userMethods(sqlite),
    ...roomMethods(sqlite),
    ...messageMethods(sqlite),
    ...keyMethods(sqlite),
    ...moderationMethods(db),
    ...auditMethods(db),
    async ping() {
      sqlite.q.ping.get();
    },
    async close() {
      if (!db.open) return;
      for (const run of sqlite.beforeClose) run();
      db.close();
    },
  };
}
