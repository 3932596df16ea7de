// `npm run rotate-data-key [-- --after-room <roomId>] [--vacuum]`: re-seals every message body
// stored in clear or under a key of DATA_ENCRYPTION_KEYS_OLD with DATA_ENCRYPTION_KEY.
// Same environment as the server (DATA_DIR or MONGODB_URI). Steps: docs/encryption.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { keyringFromConfig } from '../at-rest/keyring.js';
import { resealBodies } from '../at-rest/rotate.js';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/open-store.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'after-room': { type: 'string' }, vacuum: { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const keyring = keyringFromConfig(config);
  if (!keyring.current)
    throw new ConfigError('set DATA_ENCRYPTION_KEY to the new key (and the old ones in DATA_ENCRYPTION_KEYS_OLD)');
  const store = await openStore(config);
  try {
    console.log(`re-sealing message bodies under data key ${keyring.current.id} (store: ${store.kind})`);
    const report = await resealBodies(store, keyring, {
      afterRoomId: values['after-room'],
      onRoom: (r) => {
        if (r.rooms % 100 === 0)
          console.log(`  ${r.rooms} rooms, ${r.resealed} re-sealed; resume with --after-room ${r.lastRoomId}`);
      },
    });
    console.log(
      `done: ${report.rooms} rooms, ${report.messages} messages, ${report.resealed} re-sealed under ${keyring.current.id}`,
    );
  } finally {
    await store.close();
  }
  if (values.vacuum) vacuumSqlite(config);
}

/**
 * SQLite keeps the old page images (clear or old-key bodies) in free pages and the WAL until
 * they are reused: rebuild the file and empty the WAL. Run it with the servers stopped.
 */
function vacuumSqlite(config: ReturnType<typeof loadConfig>): void {
  if (config.mongodbUri) {
    console.log('--vacuum is for SQLite; on MongoDB, compact the collection (docs/encryption.md)');
    return;
  }
  const db = new Database(path.join(config.dataDir, 'mentor-chat.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log('vacuumed: old page images are gone from the database file and its WAL');
  } finally {
    db.close();
  }
}

main().catch((error) => {
  const prefix = error instanceof ConfigError ? 'configuration error' : 'failed';
  console.error(`rotate-data-key: ${prefix}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
