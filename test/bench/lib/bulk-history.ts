import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

const SENTENCES = [
  'Can someone check my answer to question four?',
  'The worksheet is due on Friday, remember to upload it.',
  'I think the derivative of x squared is two x.',
  'Thanks, that explanation of photosynthesis really helped!',
  'Our group meets in the library after lunch.',
  'Does anyone have notes from the history lecture?',
];

/**
 * Writes `count` messages into an existing room straight through better-sqlite3, in large
 * transactions, with the columns of the store's schema (migrations.ts) and the room's
 * `last_seq` moved to match, so the store and the API read them as their own.
 * `appendMessage` is one fsynced transaction per message: right for a server, far too slow
 * to seed a million rows (the bench measures and prints that rate).
 */
export function bulkInsertMessages(
  dbPath: string,
  options: { roomId: string; authorIds: readonly string[]; count: number; onProgress?: (done: number) => void },
): void {
  const db = new Database(dbPath);
  try {
    // Seeding only: a crash here just means seeding again.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const insert = db.prepare(`
      INSERT INTO messages (id, room_id, author_id, seq, client_id, body, encrypted, created_at, edited_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL)`);
    const { roomId, authorIds, count } = options;
    const firstAt = Date.now() - count * 1000;
    const insertRange = db.transaction((from: number, to: number) => {
      for (let seq = from; seq <= to; seq++) {
        const body = `${SENTENCES[seq % SENTENCES.length]} (#${seq})`;
        insert.run(
          randomUUID(),
          roomId,
          authorIds[seq % authorIds.length],
          seq,
          `seed-${seq}`,
          body,
          firstAt + seq * 1000,
        );
      }
    });
    const CHUNK = 100_000;
    for (let from = 1; from <= count; from += CHUNK) {
      insertRange(from, Math.min(count, from + CHUNK - 1));
      options.onProgress?.(Math.min(count, from + CHUNK - 1));
    }
    db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?').run(count, roomId);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
