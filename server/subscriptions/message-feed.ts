import type { MessageRecord } from '../store/store.js';
import type { Channel } from './channel.js';
import { perEvent } from './per-event.js';

const PAGE = 200;
/** How long a hole in seq may stay open before it is taken as a seq that was never used. */
export const GAP_GIVE_UP_MS = 3_000;
const GAP_RETRY_MS = 50;

export interface MessageFeedSource {
  /** Messages with seq > afterSeq, oldest first, at most `limit`. */
  load(afterSeq: number, limit: number): Promise<MessageRecord[]>;
  /**
   * The seq of the room's newest stored message (the starting point without `after`). Not the
   * room's seq counter: a store that takes the seq before it inserts (MongoDB) has numbers out
   * that no reader can see yet, and a feed starting past one would drop that message's event.
   * Two such messages stored out of order can still lose the lower one's event to a feed that
   * starts between them; and a top seq that was burned costs the first live message the
   * GAP_GIVE_UP_MS wait. Neither happens with SQLite, where seq and insert commit together.
   */
  currentSeq(): Promise<number>;
}

/**
 * Feeds `out` with a room's messages strictly in seq order, with no gap and no duplicate:
 * first everything after `afterSeq` from the store, then live ones. Live events must be
 * handed to the returned `offer` from before this call (the caller attaches the listener
 * first), so nothing committed during catch-up can fall between the two.
 * A live message that arrives ahead of a missing seq waits while the store is asked for it;
 * a seq still missing after GAP_GIVE_UP_MS was burned by a failed write and is skipped.
 */
export function messageFeed(out: Channel<MessageRecord>, source: MessageFeedSource, afterSeq: number | null) {
  const pending = new Map<number, MessageRecord>();
  let last = afterSeq ?? -1;
  let ready = false;
  let catchingUp = afterSeq !== null;
  let working = false;
  let closed = false;
  let gapSince: number | null = null;
  let retry: NodeJS.Timeout | undefined;

  out.finally(() => {
    closed = true;
    clearTimeout(retry);
  });

  const deliverContiguous = () => {
    for (const seq of pending.keys()) if (seq <= last) pending.delete(seq);
    for (let next = pending.get(last + 1); next; next = pending.get(last + 1)) {
      pending.delete(next.seq);
      last = next.seq;
      // The hole being timed is filled: a later one gets its own GAP_GIVE_UP_MS.
      gapSince = null;
      out.push(reviveDates(next));
    }
  };

  const pump = async () => {
    working = true;
    try {
      while (!closed) {
        deliverContiguous();
        if (!catchingUp && pending.size === 0) return;
        const page = await source.load(last, PAGE);
        if (closed) return;
        if (page.length < PAGE) catchingUp = false;
        for (const message of page) if (message.seq > last) pending.set(message.seq, message);
        const before = last;
        deliverContiguous();
        if (last > before) continue;
        if (pending.size === 0) return;
        gapSince ??= Date.now();
        if (Date.now() - gapSince >= GAP_GIVE_UP_MS) {
          last = Math.min(...pending.keys()) - 1;
          gapSince = null;
          continue;
        }
        retry = setTimeout(schedule, GAP_RETRY_MS);
        return;
      }
    } finally {
      working = false;
    }
  };

  function schedule() {
    if (ready && !working && !closed) pump().catch(() => out.end());
  }

  const start = async () => {
    if (afterSeq === null) last = await source.currentSeq();
    ready = true;
    schedule();
  };
  start().catch(() => out.end());

  /** Hands a live message to the feed. */
  return function offer(message: MessageRecord) {
    if (closed || (ready && message.seq <= last)) return;
    // The usual live case, once per subscriber of every message: the next seq with nothing
    // waiting and nothing loading goes straight out, as the pump would send it.
    if (ready && !working && !catchingUp && pending.size === 0 && message.seq === last + 1) {
      last = message.seq;
      out.push(reviveDates(message));
      return;
    }
    pending.set(message.seq, message);
    schedule();
  };
}

/**
 * Messages that crossed Redis as plain JSON carry their dates as strings. Revived once per
 * message object, so subscribers of one event still share one payload (and one execution).
 */
export const reviveDates = perEvent((message: MessageRecord): MessageRecord => {
  if (message.createdAt instanceof Date) return message;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    ...message,
    createdAt: new Date(message.createdAt),
    editedAt: date(message.editedAt),
    deletedAt: date(message.deletedAt),
  };
});
