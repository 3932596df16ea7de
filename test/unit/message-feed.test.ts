import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageRecord } from '../../server/store/store.js';
import { Channel } from '../../server/subscriptions/channel.js';
import { GAP_GIVE_UP_MS, messageFeed } from '../../server/subscriptions/message-feed.js';

// The feed's ordering around holes in seq, with the store and the clock under the test's control.

const message = (seq: number): MessageRecord => ({
  id: `m${seq}`,
  roomId: 'r',
  authorId: 'u',
  kind: 'USER',
  seq,
  clientId: `c${seq}`,
  body: `body ${seq}`,
  encrypted: null,
  createdAt: new Date(0),
  editedAt: null,
  deletedAt: null,
});

/** A feed over a store holding `stored`; `seen` lists the seqs pushed out, in order. */
function feed(stored: MessageRecord[], afterSeq: number | null) {
  const out = new Channel<MessageRecord>();
  const seen: number[] = [];
  const push = out.push.bind(out);
  out.push = (value) => {
    seen.push(value.seq);
    push(value);
  };
  const offer = messageFeed(
    out,
    {
      load: async (after, limit) => stored.filter((m) => m.seq > after).slice(0, limit),
      currentSeq: async () => stored.reduce((max, m) => Math.max(max, m.seq), 0),
    },
    afterSeq,
  );
  return { out, seen, offer };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('message feed', () => {
  it('replays after a seq from the store, then goes live without gap or duplicate', async () => {
    const stored = [1, 2, 3].map(message);
    const { seen, offer, out } = feed(stored, 1);
    offer(message(3)); // committed during catch-up: also in the store
    await vi.advanceTimersByTimeAsync(0);
    for (const seq of [4, 5, 6]) offer(message(seq));
    expect(seen).toEqual([2, 3, 4, 5, 6]);
    out.end();
  });

  it('gives every hole its own wait: a hole filled live does not shorten the next one', async () => {
    const stored: MessageRecord[] = [];
    const { seen, offer, out } = feed(stored, null);
    await vi.advanceTimersByTimeAsync(0);
    // Seq 2 arrives before 1: a hole, filled 100 ms later by the live message.
    offer(message(2));
    await vi.advanceTimersByTimeAsync(100);
    offer(message(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2]);
    // Long after, 4 arrives before 3: 3 is still being written and must be waited for.
    await vi.advanceTimersByTimeAsync(GAP_GIVE_UP_MS + 1_000);
    offer(message(4));
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([1, 2]);
    offer(message(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2, 3, 4]);
    out.end();
  });

  it('skips a seq that stays missing for GAP_GIVE_UP_MS (a write that failed)', async () => {
    const { seen, offer, out } = feed([], null);
    await vi.advanceTimersByTimeAsync(0);
    offer(message(2));
    await vi.advanceTimersByTimeAsync(GAP_GIVE_UP_MS - 100);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(seen).toEqual([2]);
    offer(message(3));
    expect(seen).toEqual([2, 3]);
    out.end();
  });
});
