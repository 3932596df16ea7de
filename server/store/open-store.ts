import path from 'node:path';
import type { Config } from '../config.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** MongoDB when MONGODB_URI is set, else the embedded SQLite file under DATA_DIR. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) {
    const { openMongoStore } = await import('./mongo/mongo-store.js');
    return openMongoStore(config.mongodbUri);
  }
  return openSqliteStore(path.join(config.dataDir, 'mentor-chat.db'));
}
