import type { Viewer } from '../context.js';
import type { PubSub } from '../pubsub.js';
import type { RoomsService } from '../rooms/rooms.service.js';

/** The contract: typing expires this long after the last setTyping(true). */
export const TYPING_EXPIRY_MS = 6_000;

/** Typing state lives in memory on the instance that received it; expiry is the server's job. */
export class TypingService {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly rooms: RoomsService,
    private readonly expiryMs = TYPING_EXPIRY_MS,
  ) {}

  async setTyping(viewer: Viewer, roomId: string | null, typing: boolean): Promise<boolean> {
    // A muted member may still stop typing, never start.
    const room = typing
      ? await this.rooms.requireVoice(viewer, roomId)
      : await this.rooms.requireMember(viewer, roomId);
    const key = `${room.id}\n${viewer.user.id}`;
    const wasTyping = this.timers.has(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (typing) {
      const timer = setTimeout(() => this.stop(key, room.id, viewer.user.id), this.expiryMs);
      timer.unref();
      this.timers.set(key, timer);
      // Refreshing an ongoing "typing" is not news for subscribers.
      if (!wasTyping) this.pubsub.publish('room', room.id, { type: 'typing', userId: viewer.user.id, typing: true });
    } else if (wasTyping) {
      this.pubsub.publish('room', room.id, { type: 'typing', userId: viewer.user.id, typing: false });
    }
    return true;
  }

  /** Ends a user's typing at once (they sent the message, left, or disconnected). */
  clear(roomId: string, userId: string): void {
    const key = `${roomId}\n${userId}`;
    if (this.timers.has(key)) this.stop(key, roomId, userId);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private stop(key: string, roomId: string, userId: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.pubsub.publish('room', roomId, { type: 'typing', userId, typing: false });
  }
}
