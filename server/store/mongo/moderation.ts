import type { QueryFilter } from 'mongoose';
import type { ModerationMethods } from '../method-groups.js';
import type { Models, ReportDoc } from './models.js';
import { findRecord, parseId, requireId, toReport, toReviewGrant } from './records.js';
import { upsertRetrying } from './write-errors.js';

/** Mutes, message reports and safeguarding review grants. */
export function moderationMethods({ Mute, Report, ReviewGrant }: Models): ModerationMethods {
  return {
    async setMute(roomId, userId, until) {
      const room = requireId(roomId, 'room');
      const user = requireId(userId, 'user');
      if (until === null) {
        await Mute.deleteOne({ roomId: room, userId: user });
        return;
      }
      await upsertRetrying(() => Mute.updateOne({ roomId: room, userId: user }, { $set: { until } }, { upsert: true }));
    },

    async getMute(roomId, userId) {
      const room = parseId(roomId);
      const user = parseId(userId);
      const doc = room && user && (await Mute.findOne({ roomId: room, userId: user }).lean());
      return doc ? doc.until : null;
    },

    async createReport(input) {
      const report = await Report.create({
        messageId: requireId(input.messageId, 'message'),
        roomId: requireId(input.roomId, 'room'),
        reporterId: requireId(input.reporterId, 'reporter'),
        reason: input.reason,
      });
      return toReport(report.toObject());
    },

    getReport: (id) => findRecord(Report, id, toReport),

    /**
     * Pages by _id. Mongoose makes each ObjectId in the process that creates the report:
     * within one process they follow creation order, but reports created by several server
     * processes in the same second are ordered by process, not strictly by time. So a cursor
     * never repeats a report, and the reports present when paging began are all reached; one
     * created meanwhile by another instance, in the second of the page's last report, can sort
     * before the cursor and wait for the next listing from the start.
     */
    async listReports(query) {
      const limit = Math.floor(query.limit);
      if (!(limit > 0)) return [];
      const filter: QueryFilter<ReportDoc> = {};
      if (query.status !== undefined) filter.status = query.status;
      if (query.afterId !== undefined) {
        const after = parseId(query.afterId);
        if (!after) return [];
        filter._id = { $gt: after };
      }
      const docs = await Report.find(filter).sort({ _id: 1 }).limit(limit).lean();
      return docs.map(toReport);
    },

    async resolveReport(id, outcome) {
      const _id = parseId(id);
      if (!_id) return null;
      // One conditional update on one document: of concurrent resolutions exactly one
      // still finds the report OPEN.
      const doc = await Report.findOneAndUpdate(
        { _id, status: 'OPEN' },
        {
          $set: {
            status: outcome.status,
            resolvedAt: new Date(),
            resolvedBy: requireId(outcome.resolvedBy, 'resolver'),
            resolution: outcome.resolution,
          },
        },
        { returnDocument: 'after', runValidators: true },
      ).lean();
      return doc ? toReport(doc) : null;
    },

    // Granting again replaces the reason and restarts the grant: the newest reason is shown.
    async createReviewGrant(grant) {
      const roomId = requireId(grant.roomId, 'room');
      const reviewerId = requireId(grant.reviewerId, 'reviewer');
      const doc = await upsertRetrying(() =>
        ReviewGrant.findOneAndUpdate(
          { roomId, reviewerId },
          { $set: { reason: grant.reason, createdAt: new Date() } },
          { upsert: true, returnDocument: 'after', runValidators: true },
        ).lean(),
      );
      if (!doc) throw new Error('mongo store: review grant vanished after its upsert');
      return toReviewGrant(doc);
    },

    async getReviewGrant(roomId, reviewerId) {
      const room = parseId(roomId);
      const reviewer = parseId(reviewerId);
      const doc = room && reviewer && (await ReviewGrant.findOne({ roomId: room, reviewerId: reviewer }).lean());
      return doc ? toReviewGrant(doc) : null;
    },
  };
}
