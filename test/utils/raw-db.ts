import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Every byte SQLite keeps for the server's database: the file and its write-ahead log. */
export function rawDatabaseBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, 'mentor-chat.db');
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Whether the raw database bytes hold `text` (UTF-8). */
export function rawDatabaseContains(dataDir: string, text: string): boolean {
  return rawDatabaseBytes(dataDir).includes(Buffer.from(text, 'utf8'));
}

/** A second connection to the live database, for tests that look at or alter rows directly. */
export function openRawDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, 'mentor-chat.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}
