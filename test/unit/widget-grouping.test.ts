import { describe, expect, it } from 'vitest';
import { groupMessages } from '../../widget/state/grouping.js';
import { message } from './widget-fixtures.js';

describe('groupMessages', () => {
  it('groups consecutive messages of one author', () => {
    const groups = groupMessages([message(1, 'a'), message(2, 'a'), message(3, 'b'), message(4, 'a')], 'a');
    expect(groups.map((g) => [g.author.id, g.messages.map((m) => m.seq)])).toEqual([
      ['a', [1, 2]],
      ['b', [3]],
      ['a', [4]],
    ]);
    expect(groups.map((g) => g.own)).toEqual([true, false, true]);
  });

  it('starts a new group after a pause longer than the gap', () => {
    const groups = groupMessages([message(1, 'a', 0), message(2, 'a', 4), message(3, 'a', 20)], 'x');
    expect(groups.map((g) => g.messages.length)).toEqual([2, 1]);
  });

  it('marks the first group of each day for a separator', () => {
    const lateNight = message(1, 'a', 13 * 60 + 50); // 23:50 UTC-ish
    const nextDay = message(2, 'a', 24 * 60 + 30);
    const groups = groupMessages([message(0, 'a', 0), lateNight, nextDay], 'x', Number.POSITIVE_INFINITY);
    expect(groups[0].startsDay).toBe(true);
    expect(groups.at(-1)?.startsDay).toBe(true);
    expect(groups.filter((g) => g.startsDay).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps tombstones in place', () => {
    const deleted = message(2, 'a', 2, { body: null, deletedAt: '2025-03-07T12:00:00.000Z' });
    const groups = groupMessages([message(1, 'a'), deleted, message(3, 'a')], 'x');
    expect(groups).toHaveLength(1);
    expect(groups[0].messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });
});
