import type { Context } from '../context.js';
import type { RoomEvent } from '../pubsub.js';
import { Channel } from './channel.js';

/**
 * A member's live view of one room: `pick` turns room events into values for the client
 * (null to skip). The stream ends the moment the viewer stops being a member, so
 * authorization holds per event, not only at subscribe time.
 */
export function roomStream<T>(ctx: Context, roomId: string, pick: (event: RoomEvent) => T | null): Channel<T> {
  const out = new Channel<T>();
  watchRoom(ctx, roomId, out, (event) => {
    const value = pick(event);
    if (value !== null) out.push(value);
  });
  return out;
}

/** Attaches a room listener for `out`'s lifetime, ending `out` when the viewer is removed. */
export function watchRoom(
  ctx: Context,
  roomId: string,
  out: { end(): void; finally(cleanup: () => void): unknown },
  onEvent: (event: RoomEvent) => void,
): void {
  const viewerId = ctx.viewer?.user.id;
  const stop = ctx.pubsub.listen('room', roomId, (event) => {
    if (event.type === 'member-removed' && event.userId === viewerId) {
      out.end();
      return;
    }
    onEvent(event);
  });
  out.finally(stop);
}
