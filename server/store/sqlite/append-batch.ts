import type Database from 'better-sqlite3';
import type { MessageRecord, NewMessage } from '../store.js';

type Appended = { message: MessageRecord; created: boolean };
interface Waiting {
  message: NewMessage;
  resolve: (appended: Appended) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for appends. Every append asked for in one turn of the event loop (a class
 * sending at once, a reconnecting widget flushing its outbox) is written in one IMMEDIATE
 * transaction, so they share one fsync instead of queueing behind one each. Each append runs
 * in a savepoint of its own: one refused (a missing room) rolls back alone. Nothing is
 * acknowledged before the commit that holds it, so durability is that of a single append.
 */
export function appendBatcher(db: Database.Database, appendOne: (message: NewMessage) => Appended) {
  let waiting: Waiting[] = [];
  // A transaction function called inside another runs as a savepoint.
  const inSavepoint = db.transaction(appendOne);
  const commitAll = db.transaction((batch: Waiting[]) =>
    batch.map((entry) => {
      try {
        return { ok: inSavepoint(entry.message) };
      } catch (error) {
        return { error };
      }
    }),
  );

  const flush = () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    let outcomes: ({ ok: Appended } | { error: unknown })[];
    try {
      outcomes = commitAll.immediate(batch);
    } catch (error) {
      // The commit itself failed (busy past the timeout, I/O): none of the batch was written.
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) entry.resolve(outcome.ok);
      else entry.reject(outcome.error);
    });
  };

  return {
    append(message: NewMessage): Promise<Appended> {
      return new Promise((resolve, reject) => {
        waiting.push({ message, resolve, reject });
        if (waiting.length === 1) setImmediate(flush);
      });
    },
    /** Commits what is waiting now (before the connection closes). */
    flush,
  };
}
