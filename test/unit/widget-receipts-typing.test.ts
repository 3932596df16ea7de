import { describe, expect, it } from 'vitest';
import { applyReceipts, newestOwn, receiptLabel, seenBy } from '../../widget/state/receipts.js';
import { applyTyping, pruneTyping, TYPING_STALE_MS, typingLabel } from '../../widget/state/typing.js';
import { message, receipt } from './widget-fixtures.js';

describe('receipts', () => {
  it('never move backwards', () => {
    let map = applyReceipts(new Map(), [receipt('a', 5)]);
    map = applyReceipts(map, [receipt('a', 3)]);
    expect(map.get('a')?.lastReadSeq).toBe(5);
    map = applyReceipts(map, [receipt('a', 8)]);
    expect(map.get('a')?.lastReadSeq).toBe(8);
  });

  it('tell who has seen a message, never counting its author', () => {
    const map = applyReceipts(new Map(), [
      receipt('me', 9, 'Me'),
      receipt('b', 4, 'Ben'),
      receipt('a', 7, 'Ana'),
      receipt('c', 2, 'Cy'),
    ]);
    expect(seenBy(message(4, 'me'), map)).toEqual(['Ana', 'Ben']);
    expect(seenBy(message(8, 'me'), map)).toEqual([]);
  });

  it('label: sent, seen by one, two, three, or a count', () => {
    expect(receiptLabel([])).toBe('Sent');
    expect(receiptLabel(['Ms Rivera'])).toBe('Seen by Ms Rivera');
    expect(receiptLabel(['Ana', 'Ben'])).toBe('Seen by Ana and Ben');
    expect(receiptLabel(['Ana', 'Ben', 'Cy'])).toBe('Seen by Ana, Ben and Cy');
    expect(receiptLabel(['a', 'b', 'c', 'd', 'e'])).toBe('Seen by 5 people');
  });

  it("puts the line under the viewer's newest message that is not deleted", () => {
    const deleted = message(3, 'me', 3, { deletedAt: '2025-03-07T12:00:00.000Z', body: null });
    expect(newestOwn([message(1, 'me'), message(2, 'them'), deleted], 'me')?.seq).toBe(1);
    expect(newestOwn([message(2, 'them')], 'me')).toBeNull();
  });
});

describe('typing', () => {
  it('adds, removes and expires typists', () => {
    let typists = applyTyping(new Map(), { userId: 'r', name: 'Ms Rivera', typing: true }, 1_000);
    expect(typingLabel([...typists.values()].map((t) => t.name))).toBe('Ms Rivera is typing…');
    expect(pruneTyping(typists, 1_000 + TYPING_STALE_MS - 1).size).toBe(1);
    expect(pruneTyping(typists, 1_000 + TYPING_STALE_MS + 1).size).toBe(0);
    typists = applyTyping(typists, { userId: 'r', name: 'Ms Rivera', typing: false }, 2_000);
    expect(typists.size).toBe(0);
  });

  it('labels one, two and many', () => {
    expect(typingLabel([])).toBe('');
    expect(typingLabel(['Ana', 'Ben'])).toBe('Ana and Ben are typing…');
    expect(typingLabel(['Ana', 'Ben', 'Cy'])).toBe('Several people are typing…');
  });
});
