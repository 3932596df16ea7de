import { StoreConflictError } from '../store.js';

const DUPLICATE_KEY = 11000;

/**
 * The key fields of the unique index a write ran into, or null when `error` is not a
 * duplicate-key error. Servers since 4.2 report `keyPattern`; older replies (and some bulk
 * write errors) only name the index in the message, as in `index: roomId_1_seq_1 dup key`.
 */
export function duplicateKeyFields(error: unknown): string[] | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, keyPattern, message, errmsg, result } = error as {
    code?: unknown;
    keyPattern?: unknown;
    message?: unknown;
    /** What an entry of a reply's writeErrors carries instead of `message`. */
    errmsg?: unknown;
    result?: { writeErrors?: unknown[] };
  };
  // A write concern that failed after the server refused the write (MongoWriteConcernError):
  // the write's own error is in the reply's writeErrors.
  const writeError = result?.writeErrors?.[0];
  if (code !== DUPLICATE_KEY && writeError !== undefined) return duplicateKeyFields(writeError);
  if (code !== DUPLICATE_KEY) return null;
  if (typeof keyPattern === 'object' && keyPattern !== null) return Object.keys(keyPattern);
  const index = /index: (\S+) dup key/.exec(String(message ?? errmsg))?.[1];
  // Index names alternate field and direction: "roomId_1_authorId_1_clientId_1".
  return index ? index.split('_').filter((_, i) => i % 2 === 0) : [];
}

export const isDuplicateKey = (error: unknown, field?: string): boolean => {
  const fields = duplicateKeyFields(error);
  return fields !== null && (field === undefined || fields.includes(field));
};

/** Rethrows a duplicate-key error as the `StoreConflictError` services understand. */
export async function asConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const fields = duplicateKeyFields(error);
    // Named by the index's fields: 'handle', 'portalSubjectHash', 'tokenHash', 'roomId,userId'.
    if (fields) throw new StoreConflictError(fields.join(',') || 'unknown');
    throw error;
  }
}

/**
 * Runs an upsert keyed by a unique index once more if it raced another upsert of the same
 * key: the second attempt finds the winner's document and updates it instead of inserting.
 */
export async function upsertRetrying<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
}
