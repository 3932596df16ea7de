import { canReportMessage } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { badInput, conflict, notFound } from '../errors.js';
import type { MessagesService } from '../messages/messages.service.js';
import type { ReportRecord, ReportStatus, Store } from '../store/store.js';
import { recordAudit } from './audit-log.js';
import { reasonText } from './moderation-rules.js';

/** Members report messages; admins work through the queue (the resolvers' scopes). */
export class ReportsService {
  constructor(
    private readonly store: Store,
    private readonly messages: MessagesService,
  ) {}

  async report(viewer: Viewer, messageId: string | null, rawReason: string): Promise<ReportRecord> {
    const reason = reasonText(rawReason, 'reason', true)!;
    // Readable only by members: a message of a room the viewer is not in answers like a missing one.
    const message = await this.messages.find(viewer, messageId);
    if (!message) throw notFound('Message');
    // A safeguarding reviewer reads a session without being in it; reports come from members.
    const isMember = await this.store.isMember(message.roomId, viewer.user.id);
    if (!canReportMessage(viewer, message.authorId, isMember)) {
      throw badInput('Members report messages of others, not their own.', 'messageId');
    }
    const report = await this.store.createReport({
      messageId: message.id,
      roomId: message.roomId,
      reporterId: viewer.user.id,
      reason,
    });
    await recordAudit(this.store, 'REPORT_CREATE', {
      actorId: viewer.user.id,
      targetUserId: message.authorId,
      roomId: message.roomId,
      messageId: message.id,
      details: { reportId: report.id },
    });
    return report;
  }

  list(query: { status?: ReportStatus | null; afterId?: string; limit: number }): Promise<ReportRecord[]> {
    return this.store.listReports({ status: query.status ?? undefined, afterId: query.afterId, limit: query.limit });
  }

  async resolve(
    viewer: Viewer,
    reportId: string | null,
    status: Exclude<ReportStatus, 'OPEN'>,
    rawResolution?: string | null,
  ): Promise<ReportRecord> {
    const resolution = reasonText(rawResolution, 'resolution', false);
    const report = reportId ? await this.store.getReport(reportId) : null;
    if (!report) throw notFound('Report');
    const closed = await this.store.resolveReport(report.id, { status, resolvedBy: viewer.user.id, resolution });
    // Two admins raced, or it was closed before: the first decision stands.
    if (!closed) throw conflict('This report is already closed.');
    const message = await this.store.getMessage(closed.messageId);
    await recordAudit(this.store, 'REPORT_RESOLVE', {
      actorId: viewer.user.id,
      targetUserId: message?.authorId ?? null,
      roomId: closed.roomId,
      messageId: closed.messageId,
      details: { reportId: closed.id, status },
    });
    return closed;
  }
}
