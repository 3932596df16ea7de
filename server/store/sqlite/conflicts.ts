import Database from 'better-sqlite3';
import { StoreConflictError } from '../store.js';

/** Runs a write, turning a unique-index refusal into `StoreConflictError`. */
export function withConflicts<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (
      error instanceof Database.SqliteError &&
      (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    ) {
      throw new StoreConflictError(constraintName(error.message));
    }
    throw error;
  }
}

/**
 * "UNIQUE constraint failed: users.portal_subject_hash" -> "portalSubjectHash"; several
 * columns are joined by "," ("roomId,userId"), as the Mongo adapter names them.
 */
function constraintName(message: string): string {
  const columns = message.slice(message.indexOf(':') + 1).split(',');
  return columns
    .map((column) => (column.trim().split('.').pop() ?? '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase()))
    .join(',');
}
