import type { Context, Viewer } from '../context.js';
import { forbidden } from '../errors.js';
import type { RedisLink } from '../ops/redis.js';
import type { PubSub } from '../pubsub.js';
import type { Store, UserRecord } from '../store/store.js';
import { Channel } from '../subscriptions/channel.js';
import { watchRoom } from '../subscriptions/room-stream.js';
import { MemoryPresence, type Presence, type PresenceChanged } from './presence.js';
import { DEFAULT_PRESENCE_TIMINGS, type PresenceTimings, RedisPresence } from './redis-presence.js';
import { type PresenceEventShape, RoomPresence } from './room-presence.js';

export interface PresenceOptions {
  /** Coalescing window of the `presence` subscription, per room. */
  windowMs: number;
  /** Full re-check period of a watched room. */
  resyncMs: number;
  /** Hints are batched this long before they are published to every instance. */
  hintBatchMs: number;
}

export const DEFAULT_PRESENCE_OPTIONS: PresenceOptions = { windowMs: 300, resyncMs: 60_000, hintBatchMs: 50 };

/** Roles that may hide their presence (the contract: guests and students). */
const MAY_HIDE = new Set(['GUEST', 'STUDENT']);

/**
 * Presence rules and the `presence` subscription. The backend (memory or Redis) knows who is
 * online; this service spreads "may have changed" hints to every instance over pub/sub (batched),
 * and keeps one RoomPresence per room that has local subscribers.
 */
export class PresenceService {
  readonly backend: Presence;
  private readonly rooms = new Map<string, { room: RoomPresence; refs: number }>();
  private readonly byUser = new Map<string, Set<RoomPresence>>();
  private readonly hints = new Set<string>();
  private hintTimer: NodeJS.Timeout | null = null;
  private stopListening: () => void = () => {};
  private stopped = false;

  constructor(
    private readonly deps: { store: Store; pubsub: PubSub },
    backend: (onChange: PresenceChanged) => Presence,
    private readonly options: PresenceOptions = DEFAULT_PRESENCE_OPTIONS,
  ) {
    this.backend = backend((userIds) => this.changed(userIds));
    this.stopListening = deps.pubsub.listen('presence', 'users', ({ userIds }) => this.route(userIds));
  }

  connected(userId: string): void {
    this.backend.connected(userId);
  }

  disconnected(userId: string): void {
    this.backend.disconnected(userId);
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.backend.onlineAmong([userId])).has(userId);
  }

  isHidden(userId: string): Promise<boolean> {
    return this.backend.isHidden(userId);
  }

  async setHidden(viewer: Viewer, hidden: boolean): Promise<UserRecord> {
    if (hidden && !MAY_HIDE.has(viewer.user.role)) {
      throw forbidden('Only students and guests may hide their presence.');
    }
    await this.backend.setHidden(viewer.user.id, hidden);
    return viewer.user;
  }

  /**
   * A member's live view of who in the room is online: a snapshot first, then coalesced changes.
   * Ends when the viewer stops being a member, like every room stream.
   */
  watch(ctx: Context, roomId: string): Channel<PresenceEventShape> {
    const out = new Channel<PresenceEventShape>();
    watchRoom(ctx, roomId, out, () => {});
    const entry = this.rooms.get(roomId) ?? this.track(roomId);
    entry.refs++;
    let detach = () => {};
    let ended = false;
    out.finally(() => {
      ended = true;
      detach();
      if (--entry.refs === 0) this.untrack(roomId, entry.room);
    });
    entry.room.ready.then(
      () => {
        if (ended) return;
        out.push(entry.room.snapshot());
        detach = entry.room.attach((event) => out.push(event));
      },
      () => out.end(),
    );
    return out;
  }

  start(): Promise<void> {
    return this.backend.start();
  }

  /** After the sockets closed: the backend says goodbye, then the last hints go out (before Redis quits). */
  async stop(): Promise<void> {
    this.stopListening();
    for (const { room } of this.rooms.values()) room.dispose();
    this.rooms.clear();
    await this.backend.stop();
    this.stopped = true;
    if (this.hintTimer) clearTimeout(this.hintTimer);
    this.publishHints();
  }

  private track(roomId: string) {
    const room = new RoomPresence(roomId, {
      ...this.deps,
      presence: this.backend,
      windowMs: this.options.windowMs,
      resyncMs: this.options.resyncMs,
      index: (userId, target, member) => this.index(userId, target, member),
    });
    const entry = { room, refs: 0 };
    this.rooms.set(roomId, entry);
    // A room that failed to load is dropped, so the next subscriber tries again.
    room.ready.catch(() => this.untrack(roomId, room));
    return entry;
  }

  private untrack(roomId: string, room: RoomPresence): void {
    if (this.rooms.get(roomId)?.room === room) this.rooms.delete(roomId);
    room.dispose();
  }

  private index(userId: string, room: RoomPresence, member: boolean): void {
    const rooms = this.byUser.get(userId);
    if (member) {
      if (rooms) rooms.add(room);
      else this.byUser.set(userId, new Set([room]));
    } else if (rooms) {
      rooms.delete(room);
      if (rooms.size === 0) this.byUser.delete(userId);
    }
  }

  /** From the backend: batch, then tell every instance (this one included, via pub/sub). */
  private changed(userIds: string[]): void {
    if (this.stopped) return;
    for (const id of userIds) this.hints.add(id);
    this.hintTimer ??= setTimeout(() => this.publishHints(), this.options.hintBatchMs);
  }

  private publishHints(): void {
    this.hintTimer = null;
    if (this.hints.size === 0) return;
    const userIds = [...this.hints];
    this.hints.clear();
    this.deps.pubsub.publish('presence', 'users', { userIds });
  }

  private route(userIds: string[]): void {
    for (const id of userIds) for (const room of this.byUser.get(id) ?? []) room.hint(id);
  }
}

/** Every presence knob: the subscription's (above) and the Redis backend's timings. */
export type PresenceTuning = PresenceOptions & PresenceTimings;

/** Presence over Redis when the instance has it, else in this process's memory. */
export function createPresenceService(deps: {
  store: Store;
  pubsub: PubSub;
  redis: Pick<RedisLink, 'commands' | 'prefix'> | null;
  tuning?: Partial<PresenceTuning>;
}): PresenceService {
  const { redis, tuning = {} } = deps;
  const options = { ...DEFAULT_PRESENCE_OPTIONS, ...tuning };
  const timings = { ...DEFAULT_PRESENCE_TIMINGS, ...tuning };
  return new PresenceService(
    { store: deps.store, pubsub: deps.pubsub },
    (onChange) =>
      redis ? new RedisPresence(redis.commands, redis.prefix, onChange, timings) : new MemoryPresence(onChange),
    options,
  );
}
