import { describe, expect, it } from 'vitest';
import {
  leavesGap,
  mergeMessages,
  newestCursor,
  newestFromOthers,
  newestSeq,
  visiblePending,
} from '../../widget/state/message-list.js';
import type { PendingSend } from '../../widget/state/types.js';
import { message } from './widget-fixtures.js';

describe('mergeMessages', () => {
  it('orders by seq and keeps one entry per id, whatever the arrival order', () => {
    const merged = mergeMessages([message(2), message(4)], [message(3), message(1), message(4), message(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('replaces a message with its edited copy', () => {
    const edited = message(1, 'u1', 1, { body: 'fixed', editedAt: '2025-03-07T11:00:00.000Z' });
    expect(mergeMessages([message(1)], [edited])[0].body).toBe('fixed');
  });

  it('never lets a late replay undo an edit or a deletion', () => {
    const edited = message(1, 'u1', 1, { body: 'second', editedAt: '2025-03-07T11:00:00.000Z' });
    const older = message(1, 'u1', 1, { body: 'first', editedAt: '2025-03-07T10:30:00.000Z' });
    expect(mergeMessages([edited], [older])[0].body).toBe('second');
    expect(mergeMessages([edited], [message(1)])[0].body).toBe('second');
    const tombstone = message(1, 'u1', 1, { body: null, deletedAt: '2025-03-07T12:00:00.000Z' });
    expect(mergeMessages([tombstone], [edited])[0].deletedAt).not.toBeNull();
    expect(mergeMessages([edited], [tombstone])[0].body).toBeNull();
  });

  it('returns the same list when nothing arrives', () => {
    const list = [message(1)];
    expect(mergeMessages(list, [])).toBe(list);
  });
});

describe('resuming and gaps', () => {
  it('resumes after the newest cursor', () => {
    expect(newestCursor([])).toBeNull();
    expect(newestCursor(mergeMessages([], [message(5), message(7)]))).toBe('cursor-7');
    expect(newestSeq([])).toBe(0);
  });

  it('sees a gap only when a live message skips seqs', () => {
    const list = [message(1), message(2)];
    expect(leavesGap(list, message(3))).toBe(false);
    expect(leavesGap(list, message(2))).toBe(false);
    expect(leavesGap(list, message(5))).toBe(true);
    expect(leavesGap([], message(5))).toBe(false);
  });
});

describe('pending sends', () => {
  const pending = (clientId: string, roomId = 'r1'): PendingSend => ({
    clientId,
    roomId,
    body: 'hi',
    state: 'sending',
    createdAt: '2025-03-07T10:00:00.000Z',
  });

  it('hides a pending send once the server echoed it (same clientId, same author)', () => {
    const echoed = message(9, 'me', 9, { clientId: 'c-sent' });
    const shown = visiblePending(
      [pending('c-sent'), pending('c-waiting'), pending('c-other', 'r2')],
      [echoed],
      'r1',
      'me',
    );
    expect(shown.map((p) => p.clientId)).toEqual(['c-waiting']);
  });

  it("does not confuse someone else's clientId with ours", () => {
    const theirs = message(9, 'them', 9, { clientId: 'c-sent' });
    expect(visiblePending([pending('c-sent')], [theirs], 'r1', 'me')).toHaveLength(1);
  });
});

describe('newestFromOthers', () => {
  it('is what markRead points at', () => {
    const list = [message(1, 'them'), message(2, 'me'), message(3, 'me')];
    expect(newestFromOthers(list, 'me')?.seq).toBe(1);
    expect(newestFromOthers([message(1, 'me')], 'me')).toBeNull();
  });
});
