import { describe, expect, it } from 'vitest';
import type { AuditQuery, AuditRecord, NewAuditEntry, ReportRecord, Store } from '../../server/store/store.js';
import { contractAdapters, freshStore, HOUR, MISSING } from './contract-fixtures.js';

// Mutes, reports, review grants and the audit log, for every adapter.

const adapters = await contractAdapters();

describe.each(adapters)('Store contract, moderation and audit: $name', (adapter) => {
  const { store, user, room, say } = freshStore(adapter);

  /** A room with a reporter, a moderator and a message to report. */
  const scene = async () => {
    const reporter = await user('reporter');
    const moderator = await user('moderator', 'ADMIN');
    const r = await room(reporter.id, { memberIds: [reporter.id] });
    const { message } = await say(r.id, reporter.id, 'hello');
    const report = (reason = 'unkind') =>
      store().createReport({ messageId: message.id, roomId: r.id, reporterId: reporter.id, reason });
    return { reporter, moderator, room: r, message, report };
  };

  describe('mutes', () => {
    it('stores, replaces and lifts a mute per room and user', async () => {
      const owner = await user('owner');
      const ada = await user('ada');
      const [r1, r2] = [await room(owner.id), await room(owner.id)];
      expect(await store().getMute(r1.id, ada.id)).toBeNull();

      const until = new Date(Date.now() + HOUR);
      await store().setMute(r1.id, ada.id, until);
      expect(await store().getMute(r1.id, ada.id)).toEqual(until);
      expect(await store().getMute(r2.id, ada.id)).toBeNull();
      expect(await store().getMute(r1.id, owner.id)).toBeNull();

      // A mute that has ended is still returned: callers compare with now.
      const past = new Date(Date.now() - HOUR);
      await store().setMute(r1.id, ada.id, past);
      expect(await store().getMute(r1.id, ada.id)).toEqual(past);

      await store().setMute(r1.id, ada.id, null);
      expect(await store().getMute(r1.id, ada.id)).toBeNull();
      await expect(store().setMute(r1.id, ada.id, null)).resolves.toBeUndefined();
      expect(await store().getMute(MISSING, MISSING)).toBeNull();
    });
  });

  describe('reports', () => {
    it('creates an OPEN report and reads it back', async () => {
      const { reporter, room: r, message, report } = await scene();
      const created = await report('spam');
      expect(created).toMatchObject({
        messageId: message.id,
        roomId: r.id,
        reporterId: reporter.id,
        reason: 'spam',
        status: 'OPEN',
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
      });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await store().getReport(created.id)).toEqual(created);
      expect(await store().getReport(MISSING)).toBeNull();
    });

    it('closes an OPEN report once', async () => {
      const { moderator, report } = await scene();
      const open = await report();
      const resolved = await store().resolveReport(open.id, {
        status: 'RESOLVED',
        resolvedBy: moderator.id,
        resolution: 'message removed',
      });
      expect(resolved).toEqual({
        ...open,
        status: 'RESOLVED',
        resolvedAt: expect.any(Date),
        resolvedBy: moderator.id,
        resolution: 'message removed',
      });
      expect(await store().getReport(open.id)).toEqual(resolved);
      const outcome = { status: 'DISMISSED', resolvedBy: moderator.id, resolution: null } as const;
      expect(await store().resolveReport(open.id, outcome)).toBeNull();
      expect(await store().getReport(open.id)).toEqual(resolved);
      expect(await store().resolveReport(MISSING, outcome)).toBeNull();

      const dismissed = await store().resolveReport((await report()).id, outcome);
      expect(dismissed).toMatchObject({ status: 'DISMISSED', resolvedBy: moderator.id, resolution: null });
    });

    it('lets exactly one of 20 concurrent resolutions win', async () => {
      const { moderator, report } = await scene();
      const open = await report();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store().resolveReport(open.id, {
            status: i % 2 ? 'RESOLVED' : 'DISMISSED',
            resolvedBy: moderator.id,
            resolution: `attempt ${i}`,
          }),
        ),
      );
      const winners = results.filter((result) => result !== null);
      expect(winners).toHaveLength(1);
      expect(await store().getReport(open.id)).toEqual(winners[0]);
    });

    it('lists reports oldest first, by status, paged after an id', async () => {
      const { moderator, report } = await scene();
      const reports: ReportRecord[] = [];
      for (let i = 0; i < 6; i += 1) reports.push(await report(`reason ${i}`));
      const close = (index: number, status: 'RESOLVED' | 'DISMISSED') =>
        store().resolveReport(reports[index].id, { status, resolvedBy: moderator.id, resolution: null });
      const [resolved, dismissed] = [await close(1, 'RESOLVED'), await close(4, 'DISMISSED')];
      const ids = async (query: Parameters<Store['listReports']>[0]) =>
        (await store().listReports(query)).map((r) => r.id);
      const id = (index: number) => reports[index].id;

      expect(await store().listReports({ limit: 10 })).toEqual([
        reports[0],
        resolved,
        reports[2],
        reports[3],
        dismissed,
        reports[5],
      ]);
      expect(await ids({ limit: 2 })).toEqual([id(0), id(1)]);
      expect(await ids({ afterId: id(1), limit: 2 })).toEqual([id(2), id(3)]);
      expect(await ids({ afterId: id(5), limit: 2 })).toEqual([]);
      expect(await ids({ status: 'OPEN', limit: 10 })).toEqual([id(0), id(2), id(3), id(5)]);
      expect(await ids({ status: 'OPEN', afterId: id(2), limit: 1 })).toEqual([id(3)]);
      expect(await ids({ status: 'OPEN', afterId: id(1), limit: 10 })).toEqual([id(2), id(3), id(5)]);
      expect(await ids({ status: 'DISMISSED', limit: 10 })).toEqual([id(4)]);
    });
  });

  describe('review grants', () => {
    it('upserts one grant per room and reviewer, keeping the newest reason', async () => {
      const { moderator: lead, room: r } = await scene();
      const other = await user('other-lead', 'ADMIN');
      expect(await store().getReviewGrant(r.id, lead.id)).toBeNull();

      const first = await store().createReviewGrant({ roomId: r.id, reviewerId: lead.id, reason: 'concern raised' });
      expect(first).toEqual({
        roomId: r.id,
        reviewerId: lead.id,
        reason: 'concern raised',
        createdAt: expect.any(Date),
      });
      expect(await store().getReviewGrant(r.id, lead.id)).toEqual(first);

      const second = await store().createReviewGrant({ roomId: r.id, reviewerId: lead.id, reason: 'follow-up' });
      expect(second).toMatchObject({ roomId: r.id, reviewerId: lead.id, reason: 'follow-up' });
      expect(second.createdAt.getTime()).toBeGreaterThanOrEqual(first.createdAt.getTime());
      expect(await store().getReviewGrant(r.id, lead.id)).toEqual(second);
      expect(await store().getReviewGrant(r.id, other.id)).toBeNull();
      expect(await store().getReviewGrant(MISSING, lead.id)).toBeNull();
    });

    it('settles concurrent grants for the same key into one', async () => {
      const { moderator: lead, room: r } = await scene();
      const reasons = Array.from({ length: 10 }, (_, i) => `reason ${i}`);
      await Promise.all(
        reasons.map((reason) => store().createReviewGrant({ roomId: r.id, reviewerId: lead.id, reason })),
      );
      expect(reasons).toContain((await store().getReviewGrant(r.id, lead.id))?.reason);
    });
  });

  describe('audit log', () => {
    it('appends an entry with defaults and the next seq', async () => {
      const actor = await user('actor');
      const first = await store().appendAudit({ actorId: null, action: 'sweep.retention' });
      expect(first).toEqual({
        id: expect.any(String),
        seq: 1,
        at: expect.any(Date),
        actorId: null,
        action: 'sweep.retention',
        targetUserId: null,
        roomId: null,
        messageId: null,
        details: {},
      });
      expect(Math.abs(first.at.getTime() - Date.now())).toBeLessThan(60_000);

      const { room: r, message } = await scene();
      const full: NewAuditEntry = {
        actorId: actor.id,
        action: 'message.delete',
        targetUserId: message.authorId,
        roomId: r.id,
        messageId: message.id,
        details: { reason: 'spam', count: 2, nested: { ok: true } },
        at: new Date(Date.UTC(2030, 0, 1)),
      };
      const second = await store().appendAudit(full);
      expect(second).toEqual({ ...full, id: expect.any(String), seq: 2 });
      expect(second.id).not.toBe(first.id);
      expect(await store().listAudit({ limit: 10 })).toEqual([second, first]);
    });

    it('gives 50 concurrent appends the seqs 1..50', async () => {
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store().appendAudit({ actorId: null, action: `a${i}` })),
      );
      expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(entries.map((e) => e.id)).size).toBe(50);
      const listed = await store().listAudit({ limit: 100 });
      expect(listed.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    });

    it('filters with AND, newest first, paging back with an exclusive beforeSeq', async () => {
      const [ada, bob] = [await user('ada'), await user('bob')];
      const [r1, r2] = [await room(ada.id), await room(ada.id)];
      const written: AuditRecord[] = [];
      const entries: NewAuditEntry[] = [
        { actorId: ada.id, action: 'user.mute', targetUserId: bob.id, roomId: r1.id },
        { actorId: bob.id, action: 'member.remove', targetUserId: ada.id, roomId: r1.id },
        { actorId: ada.id, action: 'member.remove', targetUserId: bob.id, roomId: r2.id },
        { actorId: null, action: 'user.mute', targetUserId: bob.id, roomId: r2.id },
        { actorId: ada.id, action: 'user.mute', targetUserId: bob.id, roomId: r1.id },
        { actorId: ada.id, action: 'role.change', targetUserId: bob.id },
      ];
      for (const entry of entries) written.push(await store().appendAudit(entry));
      const seqs = async (query: AuditQuery) => (await store().listAudit(query)).map((e) => e.seq);

      expect(await seqs({ limit: 10 })).toEqual([6, 5, 4, 3, 2, 1]);
      expect(await seqs({ action: 'user.mute', limit: 10 })).toEqual([5, 4, 1]);
      expect(await seqs({ actorId: ada.id, limit: 10 })).toEqual([6, 5, 3, 1]);
      expect(await seqs({ targetUserId: ada.id, limit: 10 })).toEqual([2]);
      expect(await seqs({ roomId: r1.id, limit: 10 })).toEqual([5, 2, 1]);
      expect(await seqs({ action: 'user.mute', actorId: ada.id, limit: 10 })).toEqual([5, 1]);
      expect(await seqs({ action: 'user.mute', roomId: r2.id, limit: 10 })).toEqual([4]);
      expect(await seqs({ actorId: ada.id, targetUserId: bob.id, roomId: r2.id, limit: 10 })).toEqual([3]);
      expect(await seqs({ action: 'role.change', roomId: r1.id, limit: 10 })).toEqual([]);
      expect(await seqs({ actorId: MISSING, limit: 10 })).toEqual([]);

      expect(await seqs({ limit: 2 })).toEqual([6, 5]);
      expect(await seqs({ beforeSeq: 5, limit: 2 })).toEqual([4, 3]);
      expect(await seqs({ beforeSeq: 1, limit: 2 })).toEqual([]);
      expect(await seqs({ actorId: ada.id, beforeSeq: 5, limit: 1 })).toEqual([3]);
      expect(await store().listAudit({ roomId: r2.id, limit: 10 })).toEqual([written[3], written[2]]);
    });

    it('offers no way to change or remove an entry', () => {
      const auditMethods = Object.keys(store()).filter((name) => /audit/i.test(name));
      expect(auditMethods.sort()).toEqual(['appendAudit', 'listAudit']);
    });
  });
});
