import type { QueryFilter } from 'mongoose';
import type { AuditMethods } from '../method-groups.js';
import type { AuditDoc, Models } from './models.js';
import { parseId, requireId, toAudit } from './records.js';
import { upsertRetrying } from './write-errors.js';

const optionalId = (id: string | null | undefined, what: string) =>
  id === null || id === undefined ? null : requireId(id, what);

/**
 * The append-only audit log: nothing here updates or deletes an entry. (To make the database
 * itself refuse, give the server's role only find and insert on `audit`.)
 *
 * `seq` comes from an atomic counter and a unique index keeps it unique. Without a
 * transaction it is taken before the insert, so two concurrent appends may become visible
 * out of seq order for a moment, and an insert that fails after taking one leaves a gap.
 */
export function auditMethods({ Audit, Counter }: Models): AuditMethods {
  return {
    async appendAudit(entry) {
      const audit = new Audit({
        seq: 0,
        at: entry.at ?? new Date(),
        actorId: optionalId(entry.actorId, 'actor'),
        action: entry.action,
        targetUserId: optionalId(entry.targetUserId, 'target user'),
        roomId: optionalId(entry.roomId, 'room'),
        messageId: optionalId(entry.messageId, 'message'),
        details: entry.details ?? {},
      });
      // Refuse a malformed entry before a seq is spent on it.
      await audit.validate();
      // Concurrent first appends may race to insert the counter: the loser retries and increments.
      const counter = await upsertRetrying(() =>
        Counter.findOneAndUpdate(
          { _id: 'audit' },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        ).lean(),
      );
      if (!counter) throw new Error('mongo store: audit counter vanished after its upsert');
      audit.seq = counter.seq;
      await audit.save();
      return toAudit(audit.toObject());
    },

    async listAudit(query) {
      const limit = Math.floor(query.limit);
      if (!(limit > 0)) return [];
      // $eq: a filter value is only ever compared, never read as query operators.
      const filter: QueryFilter<AuditDoc> = {};
      if (query.action !== undefined) filter.action = { $eq: query.action };
      for (const field of ['actorId', 'targetUserId', 'roomId'] as const) {
        const value = query[field];
        if (value === undefined) continue;
        const id = parseId(value);
        // No entry refers to an id that is not one.
        if (!id) return [];
        filter[field] = id;
      }
      if (query.beforeSeq !== undefined) filter.seq = { $lt: query.beforeSeq };
      const docs = await Audit.find(filter).sort({ seq: -1 }).limit(limit).lean();
      return docs.map(toAudit);
    },
  };
}
