/**
 * Who has an open, authenticated socket. Two backends: this process's memory (one instance),
 * or Redis shared by every instance (redis-presence.ts). Both report users whose visible state
 * may have changed through `onChange`, which the presence service spreads to every instance.
 */
export interface Presence {
  /** A socket of `userId` was authenticated on this instance. */
  connected(userId: string): void;
  /** One of those sockets closed. */
  disconnected(userId: string): void;
  /** Of `userIds`, those online on any instance and not hiding their presence. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  setHidden(userId: string, hidden: boolean): Promise<void>;
  isHidden(userId: string): Promise<boolean>;
  start(): Promise<void>;
  /** After the sockets are closed: stops heartbeats and says goodbye as the backend can. */
  stop(): Promise<void>;
}

/** Called with users whose visible presence may have changed (a hint: readers re-check). */
export type PresenceChanged = (userIds: string[]) => void;

/** The single-instance truth: a user is online while they hold a socket on this process. */
export class MemoryPresence implements Presence {
  private readonly sockets = new Map<string, number>();
  // Kept in memory only: lost on restart. A `presenceHidden` field in the store would make it
  // durable; the store interface is not ours to extend here (see docs/operations.md).
  private readonly hidden = new Set<string>();

  constructor(private readonly onChange: PresenceChanged = () => {}) {}

  connected(userId: string): void {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    if (count === 1) this.onChange([userId]);
  }

  disconnected(userId: string): void {
    const left = (this.sockets.get(userId) ?? 1) - 1;
    if (left > 0) {
      this.sockets.set(userId, left);
      return;
    }
    this.sockets.delete(userId);
    this.onChange([userId]);
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId) && !this.hidden.has(userId);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.isOnline(id)));
  }

  async setHidden(userId: string, hidden: boolean): Promise<void> {
    if (hidden === this.hidden.has(userId)) return;
    if (hidden) this.hidden.add(userId);
    else this.hidden.delete(userId);
    this.onChange([userId]);
  }

  async isHidden(userId: string): Promise<boolean> {
    return this.hidden.has(userId);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
