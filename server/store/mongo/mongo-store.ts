import mongoose from 'mongoose';
import type { Store } from '../store.js';
import { auditMethods } from './audit.js';
import { keyMethods } from './keys.js';
import { messageMethods } from './messages.js';
import { createModels, ensureIndexes } from './models.js';
import { moderationMethods } from './moderation.js';
import { roomMethods } from './rooms.js';
import { userMethods } from './users.js';
import { WRITE_CONCERN } from './write-concern.js';

/** How long a start (or any call) waits for a reachable server before failing. */
const SERVER_SELECTION_TIMEOUT_MS = 5000;
/** The driver's options: durable writes (write-concern.ts), and a bounded wait for a server. */
const DRIVER_OPTIONS = {
  serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
  writeConcern: WRITE_CONCERN,
} satisfies mongoose.mongo.MongoClientOptions;

/** The write concern the adapter's writes get with this URI (parsed by the driver; nothing connects). */
export function effectiveWriteConcern(uri: string) {
  return new mongoose.mongo.MongoClient(uri, DRIVER_OPTIONS).writeConcern;
}

/**
 * The driver lets a URI's `journal=false` override the write concern given in code
 * (NODE-7895), so the effective one is checked before connecting: a URI that would lose
 * acknowledged writes stops the start, saying which option to remove.
 */
function assertDurableWrites(uri: string): void {
  const concern = effectiveWriteConcern(uri);
  if (concern?.w !== 'majority' || concern.journal !== true) {
    throw new Error(
      'MONGODB_URI turns journaled writes off (journal=false): acknowledged messages could be lost. Remove that option.',
    );
  }
}

/**
 * Opens the MongoDB adapter on its own connection and builds every index before returning,
 * so a store that opened is ready to serve. Fails within a few seconds, with the driver's
 * reason, when no server answers. Ids at the interface are ObjectId hex strings.
 */
export async function openMongoStore(uri: string, options: { dbName?: string } = {}): Promise<Store> {
  let connection: mongoose.Connection | undefined;
  try {
    assertDurableWrites(uri);
    connection = mongoose.createConnection(uri, {
      ...DRIVER_OPTIONS,
      ...(options.dbName ? { dbName: options.dbName } : {}),
      autoIndex: false,
      autoCreate: false,
      bufferCommands: false,
    });
    await connection.asPromise();
    const models = createModels(connection);
    await ensureIndexes(models);
    const db = connection;
    return {
      kind: 'mongo',
      ...userMethods(models),
      ...roomMethods(models),
      ...messageMethods(models),
      ...keyMethods(models),
      ...moderationMethods(models),
      ...auditMethods(models),
      async ping() {
        if (!db.db) throw new Error('mongo store: not connected');
        await db.db.admin().ping();
      },
      async close() {
        await db.close();
      },
    };
  } catch (error) {
    await connection?.close(true).catch(() => undefined);
    // The message names no URI: it may carry credentials.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not open the MongoDB store: ${reason}`, { cause: error });
  }
}
