import { log } from '../log.js';
import type { PubSub } from '../pubsub.js';
import type { Store } from '../store/store.js';
import type { Presence } from './presence.js';

/** What a `presence` subscriber receives (user ids; the schema resolves them to users). */
export interface PresenceEventShape {
  roomId: string;
  /** True: `online` is everyone online (the first event). False: changes since the previous event. */
  snapshot: boolean;
  online: readonly string[];
  offline: readonly string[];
}

export interface RoomPresenceDeps {
  store: Store;
  presence: Pick<Presence, 'onlineAmong'>;
  pubsub: PubSub;
  /** At most one change event per room per window; changes inside it are merged. */
  windowMs: number;
  /** Every member is re-checked this often, in case a hint was lost (Redis pub/sub is at-most-once). */
  resyncMs: number;
  /** Keeps the service's user -> rooms index current. */
  index(userId: string, room: RoomPresence, member: boolean): void;
}

/**
 * One room's online members on this instance, shared by all of its local `presence` subscribers:
 * hints mark users to re-check, a flush at the end of the window reads them all at once and sends
 * one event, the same object to every subscriber, when (and only when) something changed. A user
 * who left and came back inside one window is no news at all.
 */
export class RoomPresence {
  readonly ready: Promise<void>;
  private readonly members = new Set<string>();
  private readonly online = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<(event: PresenceEventShape) => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly resync: NodeJS.Timeout;
  private readonly stopRoom: () => void;
  private disposed = false;

  constructor(
    readonly roomId: string,
    private readonly deps: RoomPresenceDeps,
  ) {
    // Listen before loading; membership changes seen meanwhile are replayed onto the loaded list.
    let early: Array<[string, boolean]> | null = [];
    this.stopRoom = deps.pubsub.listen('room', roomId, (event) => {
      if (event.type !== 'member-added' && event.type !== 'member-removed') return;
      if (early) early.push([event.userId, event.type === 'member-added']);
      else this.setMember(event.userId, event.type === 'member-added');
    });
    this.ready = (async () => {
      const ids = await deps.store.listMemberIds(roomId);
      for (const id of ids) this.setMember(id, true, false);
      for (const [id, member] of early ?? []) this.setMember(id, member, false);
      early = null;
      const online = await deps.presence.onlineAmong([...this.members]);
      for (const id of online) this.online.add(id);
    })();
    this.ready.catch(() => {});
    this.resync = setInterval(() => {
      for (const id of this.members) this.pending.add(id);
      this.schedule();
    }, deps.resyncMs);
    this.resync.unref();
  }

  /** The full online set, for a new subscriber. */
  snapshot(): PresenceEventShape {
    return { roomId: this.roomId, snapshot: true, online: [...this.online], offline: [] };
  }

  attach(listener: (event: PresenceEventShape) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `userId`'s presence may have changed. */
  hint(userId: string): void {
    this.pending.add(userId);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    this.stopRoom();
    clearInterval(this.resync);
    if (this.timer) clearTimeout(this.timer);
    for (const id of this.members) this.deps.index(id, this, false);
    this.members.clear();
    this.listeners.clear();
  }

  private setMember(userId: string, member: boolean, recheck = true): void {
    if (member) this.members.add(userId);
    else this.members.delete(userId);
    this.deps.index(userId, this, member);
    if (recheck) this.hint(userId);
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => void this.flush(), this.deps.windowMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    await this.ready.catch(() => {});
    const ids = [...this.pending];
    this.pending.clear();
    let now: Set<string>;
    try {
      now = await this.deps.presence.onlineAmong(ids.filter((id) => this.members.has(id)));
    } catch (error) {
      for (const id of ids) this.pending.add(id);
      log('warn', 'presence: re-check failed', { error: error instanceof Error ? error.message : String(error) });
      now = this.online;
    }
    // The timer stays set until here, so flushes never overlap and never come closer than a window.
    this.timer = null;
    if (this.disposed) return;
    const online: string[] = [];
    const offline: string[] = [];
    for (const id of ids) {
      const is = this.members.has(id) && now.has(id);
      if (is && !this.online.has(id)) {
        this.online.add(id);
        online.push(id);
      } else if (!is && this.online.has(id)) {
        this.online.delete(id);
        offline.push(id);
      }
    }
    if (this.pending.size > 0) this.schedule();
    if (online.length === 0 && offline.length === 0) return;
    const event: PresenceEventShape = { roomId: this.roomId, snapshot: false, online, offline };
    for (const listener of this.listeners) listener(event);
  }
}
