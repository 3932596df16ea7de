import mongoose from 'mongoose';
import type { Store } from '../store.js';
import { auditMethods } from './audit.js';
import { keyMethods } from './keys.js';
import { messageMethods } from './messages.js';
import { createModels, ensureIndexes } from './models.js';
import { moderationMethods } from './moderation.js';
import { roomMethods } from './rooms.js';
import { userMethods } from './users.js';

/** How long a start (or any call) waits for a reachable server before failing. */
const SERVER_SELECTION_TIMEOUT_MS = 5000;

/**
 * Opens the MongoDB adapter on its own connection and builds every index before returning,
 * so a store that opened is ready to serve. Fails within a few seconds, with the driver's
 * reason, when no server answers. Ids at the interface are ObjectId hex strings.
 */
export async function openMongoStore(uri: string, options: { dbName?: string } = {}): Promise<Store> {
  let connection: mongoose.Connection | undefined;
  try {
    connection = mongoose.createConnection(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
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
