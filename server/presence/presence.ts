/**
 * Who has an open socket on this instance. `online` is true while a user holds one.
 * (Cross-instance presence over Redis is a later step; this is the single-instance truth.)
 */
export class Presence {
  private readonly sockets = new Map<string, number>();

  connected(userId: string): void {
    this.sockets.set(userId, (this.sockets.get(userId) ?? 0) + 1);
  }

  disconnected(userId: string): void {
    const left = (this.sockets.get(userId) ?? 1) - 1;
    if (left <= 0) this.sockets.delete(userId);
    else this.sockets.set(userId, left);
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId);
  }
}
