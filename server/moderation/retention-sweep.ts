import { releasedHandle } from '../account/deleted-user.js';
import type { PubSub } from '../pubsub.js';
import type { RoomRecord, Store } from '../store/store.js';
import { recordAudit } from './audit-log.js';
import { DAY_MS } from './moderation-rules.js';
import { announceTombstones, MAX_ANNOUNCED_TOMBSTONES } from './tombstones.js';

export interface RetentionSweepOptions {
  store: Store;
  pubsub: PubSub;
  /** How often a pass runs. */
  intervalMs: number;
  /** How long a deleted account holds its handle before the sweep releases it. */
  handleGraceDays: number;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /** A pass that failed (the next one tries again). */
  onError?: (error: unknown) => void;
}

export interface SweepSummary {
  /** Rooms that had expired messages. */
  rooms: number;
  /** Messages tombstoned. */
  messages: number;
  /** Handles of deleted accounts released. */
  handles: number;
}

const ROOM_PAGE = 200;
const MESSAGE_PAGE = 200;

/**
 * The background pass of data retention: tombstones the messages older than their room's
 * retention (rooms without one keep everything), and releases the handles of accounts
 * deleted longer ago than the grace period (renamed `deleted-<id>`). Each room with expired
 * messages gets one audit entry; live subscribers get `changed` for each tombstone (bounded).
 */
export class RetentionSweep {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  /** Passes run one after another; this settles when the last one queued has. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly options: RetentionSweepOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Runs a pass at once (a restart must not postpone retention), then every interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
    this.tick();
  }

  /** Stops the schedule and waits for a pass in flight, so the store can close after it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
  }

  /** One pass as of `now` (the clock's time unless given), after any pass in flight. */
  runOnce(now?: Date): Promise<SweepSummary> {
    this.pending++;
    const pass = this.queue.then(() => this.sweep(now ?? this.now())).finally(() => this.pending--);
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  /** A scheduled pass; skipped while one is still running (a slow store must not pile them up). */
  private tick(): void {
    if (this.pending > 0) return;
    this.runOnce().catch((error) => this.options.onError?.(error));
  }

  private async sweep(now: Date): Promise<SweepSummary> {
    const summary: SweepSummary = { rooms: 0, messages: 0, handles: 0 };
    for (let afterId: string | undefined; ; ) {
      const rooms = await this.options.store.listAllRooms({ afterId, limit: ROOM_PAGE });
      for (const room of rooms) {
        if (room.retentionDays === null) continue;
        const expired = await this.expire(room, room.retentionDays, now);
        if (expired > 0) {
          summary.rooms++;
          summary.messages += expired;
        }
      }
      if (rooms.length < ROOM_PAGE) break;
      afterId = rooms[rooms.length - 1].id;
    }
    summary.handles = await this.releaseHandles(now);
    return summary;
  }

  private async expire(room: RoomRecord, retentionDays: number, now: Date): Promise<number> {
    const { store, pubsub } = this.options;
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const expired = await store.expireMessages(room.id, cutoff, now);
    if (expired === 0) return 0;
    // Expired messages are the room's oldest: read from the start until past the cutoff.
    let scanned = 0;
    for (let afterSeq = 0; scanned < MAX_ANNOUNCED_TOMBSTONES; ) {
      const page = await store.listMessages(room.id, { afterSeq, limit: MESSAGE_PAGE, from: 'oldest' });
      announceTombstones(pubsub, page, now);
      scanned += page.length;
      if (page.length < MESSAGE_PAGE || page[page.length - 1].createdAt >= cutoff) break;
      afterSeq = page[page.length - 1].seq;
    }
    await recordAudit(store, 'RETENTION_SWEEP', {
      actorId: null,
      roomId: room.id,
      details: { messages: expired, retentionDays, before: cutoff.toISOString() },
    });
    return expired;
  }

  private async releaseHandles(now: Date): Promise<number> {
    const { store, handleGraceDays } = this.options;
    const due = await store.listDeletedUsersHoldingHandles(new Date(now.getTime() - handleGraceDays * DAY_MS));
    for (const user of due) {
      await store.updateUser(user.id, { handle: releasedHandle(user.id) });
      await recordAudit(store, 'HANDLE_RELEASE', { actorId: null, targetUserId: user.id });
    }
    return due.length;
  }
}
