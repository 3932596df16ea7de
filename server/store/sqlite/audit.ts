import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditMethods } from '../method-groups.js';
import type { AuditQuery } from '../store.js';
import type { AuditRecord } from '../types.js';

interface AuditRow {
  seq: number;
  id: string;
  at: number;
  actor_id: string | null;
  action: string;
  target_user_id: string | null;
  room_id: string | null;
  message_id: string | null;
  details: string;
}

const toAudit = (row: AuditRow): AuditRecord => ({
  id: row.id,
  seq: row.seq,
  at: new Date(row.at),
  actorId: row.actor_id,
  action: row.action,
  targetUserId: row.target_user_id,
  roomId: row.room_id,
  messageId: row.message_id,
  details: JSON.parse(row.details) as Record<string, unknown>,
});

/** The column behind each equality filter of AuditQuery. */
const FILTERS = {
  action: 'action',
  actorId: 'actor_id',
  targetUserId: 'target_user_id',
  roomId: 'room_id',
} as const satisfies Record<keyof Omit<AuditQuery, 'beforeSeq' | 'limit'>, string>;
type Filter = keyof typeof FILTERS;

/**
 * The append-only audit log. There is no statement to change or remove an entry, and the
 * schema's triggers refuse one from anywhere else.
 */
export function auditMethods(db: Database.Database): AuditMethods {
  const insert = db.prepare<Omit<AuditRow, 'seq'>, AuditRow>(`
    INSERT INTO audit (id, at, actor_id, action, target_user_id, room_id, message_id, details)
    VALUES (@id, @at, @actor_id, @action, @target_user_id, @room_id, @message_id, @details)
    RETURNING *`);

  // One statement per combination of filters in use (at most 16), prepared on first use: a
  // plain "column = @value" per filter lets each be served by its (column, seq) index,
  // where "@value IS NULL OR …" would not.
  const lists = new Map<string, Database.Statement<Record<string, unknown>, AuditRow>>();
  const listStatement = (filters: Filter[]) => {
    const key = filters.join(',');
    let statement = lists.get(key);
    if (!statement) {
      const where = [...filters.map((filter) => `${FILTERS[filter]} = @${filter}`), 'seq < @beforeSeq'];
      statement = db.prepare(`SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`);
      lists.set(key, statement);
    }
    return statement;
  };

  return {
    async appendAudit(entry) {
      const row = insert.get({
        id: randomUUID(),
        at: (entry.at ?? new Date()).getTime(),
        actor_id: entry.actorId,
        action: entry.action,
        target_user_id: entry.targetUserId ?? null,
        room_id: entry.roomId ?? null,
        message_id: entry.messageId ?? null,
        details: JSON.stringify(entry.details ?? {}),
      });
      return toAudit(row!);
    },
    async listAudit(query) {
      const filters = (Object.keys(FILTERS) as Filter[]).filter((filter) => query[filter] !== undefined);
      const params: Record<string, unknown> = { beforeSeq: query.beforeSeq ?? Number.MAX_SAFE_INTEGER };
      for (const filter of filters) params[filter] = query[filter];
      params.limit = query.limit;
      return listStatement(filters).all(params).map(toAudit);
    },
  };
}
