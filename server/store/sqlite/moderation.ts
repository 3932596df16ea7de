import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ModerationMethods } from '../method-groups.js';
import type { ReportRecord, ReportStatus, ReviewGrantRecord } from '../types.js';
import { dateOrNull, one } from './rows.js';

interface ReportRow {
  /** Creation order; never leaves the adapter. */
  seq: number;
  id: string;
  message_id: string;
  room_id: string;
  reporter_id: string;
  reason: string;
  status: ReportStatus;
  created_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution: string | null;
}

interface ReviewGrantRow {
  room_id: string;
  reviewer_id: string;
  reason: string;
  created_at: number;
}

const toReport = (row: ReportRow): ReportRecord => ({
  id: row.id,
  messageId: row.message_id,
  roomId: row.room_id,
  reporterId: row.reporter_id,
  reason: row.reason,
  status: row.status,
  createdAt: new Date(row.created_at),
  resolvedAt: dateOrNull(row.resolved_at),
  resolvedBy: row.resolved_by,
  resolution: row.resolution,
});

const toReviewGrant = (row: ReviewGrantRow): ReviewGrantRecord => ({
  roomId: row.room_id,
  reviewerId: row.reviewer_id,
  reason: row.reason,
  createdAt: new Date(row.created_at),
});

type ReportPage = { afterId: string | null; limit: number };
// A cursor report that does not exist ends the listing, as listMemberIds does.
const afterCursor = `seq > CASE WHEN @afterId IS NULL THEN 0 ELSE (SELECT seq FROM reports WHERE id = @afterId) END`;

function prepareModerationStatements(db: Database.Database) {
  const sql = <P extends unknown[] | object, R = unknown>(source: string) => db.prepare<P, R>(source);
  return {
    upsertMute: sql<{ roomId: string; userId: string; until: number }>(`
      INSERT INTO mutes (room_id, user_id, until) VALUES (@roomId, @userId, @until)
      ON CONFLICT (room_id, user_id) DO UPDATE SET until = excluded.until`),
    deleteMute: sql<[roomId: string, userId: string]>('DELETE FROM mutes WHERE room_id = ? AND user_id = ?'),
    mute: sql<[roomId: string, userId: string], number>(
      'SELECT until FROM mutes WHERE room_id = ? AND user_id = ?',
    ).pluck(),

    insertReport: sql<Omit<ReportRow, 'seq'>, ReportRow>(`
      INSERT INTO reports (id, message_id, room_id, reporter_id, reason, status, created_at, resolved_at, resolved_by,
        resolution)
      VALUES (@id, @message_id, @room_id, @reporter_id, @reason, @status, @created_at, @resolved_at, @resolved_by,
        @resolution)
      RETURNING *`),
    reportById: sql<[id: string], ReportRow>('SELECT * FROM reports WHERE id = ?'),
    // Two statements rather than "@status IS NULL OR …", so each walks its own index.
    reports: sql<ReportPage, ReportRow>(`SELECT * FROM reports WHERE ${afterCursor} ORDER BY seq LIMIT @limit`),
    reportsWithStatus: sql<ReportPage & { status: ReportStatus }, ReportRow>(`
      SELECT * FROM reports WHERE status = @status AND ${afterCursor} ORDER BY seq LIMIT @limit`),
    // One statement whose WHERE requires OPEN: of concurrent resolutions exactly one matches.
    resolveReport: sql<
      { id: string; status: ReportStatus; resolvedAt: number; resolvedBy: string; resolution: string | null },
      ReportRow
    >(`
      UPDATE reports SET status = @status, resolved_at = @resolvedAt, resolved_by = @resolvedBy,
        resolution = @resolution
      WHERE id = @id AND status = 'OPEN' RETURNING *`),

    upsertReviewGrant: sql<ReviewGrantRow, ReviewGrantRow>(`
      INSERT INTO review_grants (room_id, reviewer_id, reason, created_at)
      VALUES (@room_id, @reviewer_id, @reason, @created_at)
      ON CONFLICT (room_id, reviewer_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at
      RETURNING *`),
    reviewGrant: sql<[roomId: string, reviewerId: string], ReviewGrantRow>(
      'SELECT * FROM review_grants WHERE room_id = ? AND reviewer_id = ?',
    ),
  };
}

/** Mutes, message reports and safeguarding review grants. */
export function moderationMethods(db: Database.Database): ModerationMethods {
  const q = prepareModerationStatements(db);
  return {
    async setMute(roomId, userId, until) {
      if (until === null) q.deleteMute.run(roomId, userId);
      else q.upsertMute.run({ roomId, userId, until: until.getTime() });
    },
    async getMute(roomId, userId) {
      return dateOrNull(q.mute.get(roomId, userId) ?? null);
    },

    async createReport(report) {
      const row = q.insertReport.get({
        id: randomUUID(),
        message_id: report.messageId,
        room_id: report.roomId,
        reporter_id: report.reporterId,
        reason: report.reason,
        status: 'OPEN',
        created_at: Date.now(),
        resolved_at: null,
        resolved_by: null,
        resolution: null,
      });
      return toReport(row!);
    },
    async getReport(id) {
      return one(q.reportById.get(id), toReport);
    },
    async listReports(query) {
      const page = { afterId: query.afterId ?? null, limit: query.limit };
      const rows =
        query.status === undefined ? q.reports.all(page) : q.reportsWithStatus.all({ ...page, status: query.status });
      return rows.map(toReport);
    },
    async resolveReport(id, outcome) {
      const row = q.resolveReport.get({ id, ...outcome, resolvedAt: Date.now() });
      return one(row, toReport);
    },

    // Re-granting replaces the reason and restarts the grant: the newest reason is the one shown.
    async createReviewGrant(grant) {
      const row = q.upsertReviewGrant.get({
        room_id: grant.roomId,
        reviewer_id: grant.reviewerId,
        reason: grant.reason,
        created_at: Date.now(),
      });
      return toReviewGrant(row!);
    },
    async getReviewGrant(roomId, reviewerId) {
      return one(q.reviewGrant.get(roomId, reviewerId), toReviewGrant);
    },
  };
}
