import { setMaxListeners } from 'node:events';
import type { MessageRecord, ReceiptRecord } from './store/store.js';

/** Everything that happens in a room, on one topic so that order between kinds is kept. */
export type RoomEvent =
  | { type: 'message'; message: MessageRecord }
  | { type: 'changed'; message: MessageRecord }
  | { type: 'typing'; userId: string; typing: boolean }
  | { type: 'receipt'; receipt: ReceiptRecord }
  | { type: 'member-added'; userId: string }
  | { type: 'member-removed'; userId: string };

/** The typed topic map: topic name -> [id, payload]. */
export interface Topics {
  room: [roomId: string, event: RoomEvent];
  /** A session token was revoked: sockets opened with it close. */
  session: [tokenHash: string, event: { type: 'revoked' }];
  /** Users whose visible presence may have changed, on any instance: rooms watching them re-check. */
  presence: [scope: 'users', event: { userIds: string[] }];
}

/**
 * Publish/subscribe: in-process by default, across instances over Redis (`sharedPubSub`).
 * Listeners attach synchronously and locally, which the catch-up seam of `messageAdded` relies on.
 * Every local listener of one event receives the same payload object, with its dates as Dates.
 */
export interface PubSub {
  publish<T extends keyof Topics>(topic: T, id: Topics[T][0], payload: Topics[T][1]): void;
  listen<T extends keyof Topics>(topic: T, id: Topics[T][0], onEvent: (payload: Topics[T][1]) => void): () => void;
}

/** In-process pub/sub over an EventTarget: listeners receive the published object itself. */
export function createPubSub(target: EventTarget = new EventTarget()): PubSub {
  // A room has a listener per live subscription: thousands are normal, not a leak.
  setMaxListeners(0, target);
  return {
    publish(topic, id, payload) {
      target.dispatchEvent(new CustomEvent(`${topic}:${id}`, { detail: payload }));
    },
    listen(topic, id, onEvent) {
      const listener = (event: Event) => onEvent((event as CustomEvent).detail);
      const name = `${topic}:${id}`;
      target.addEventListener(name, listener);
      return () => target.removeEventListener(name, listener);
    },
  };
}

interface Envelope {
  topic: keyof Topics;
  id: string;
  payload: unknown;
}

/**
 * Pub/sub across instances: every event travels on ONE channel of `transport` (the Redis event
 * target), and each instance fans it out locally. So subscribing never waits for Redis (no event
 * can slip past a listener between "attached" and "SUBSCRIBE confirmed"), an event published here
 * reaches local listeners only once (on its way back from Redis), and the payload is decoded once
 * per event on receipt, then shared by every local listener. The cost: every instance receives
 * every event, which docs/operations.md accounts for.
 */
export function sharedPubSub(transport: EventTarget, channel: string): PubSub {
  const local = createPubSub();
  transport.addEventListener(channel, (event) => {
    const envelope = (event as CustomEvent<Envelope | null>).detail;
    if (!envelope || typeof envelope.topic !== 'string') return;
    local.publish(envelope.topic, envelope.id as never, envelope.payload as never);
  });
  return {
    publish(topic, id, payload) {
      transport.dispatchEvent(new CustomEvent(channel, { detail: { topic, id, payload } satisfies Envelope }));
    },
    listen: local.listen,
  };
}

const isTaggedDate = (value: unknown): value is { $date: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { $date?: unknown }).$date === 'string' &&
  Object.keys(value).length === 1;

/**
 * JSON that keeps Dates: a Date crosses as `{"$date": "<ISO>"}` and comes back a Date. Exact, unlike
 * reviving every string that looks like a date (a message body may well look like one).
 */
export const eventSerializer = {
  stringify(value: unknown): string {
    return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced) {
      const raw = this[key];
      return raw instanceof Date ? { $date: raw.toISOString() } : replaced;
    });
  },
  parse(text: string): unknown {
    return JSON.parse(text, (_key, value) => (isTaggedDate(value) ? new Date(value.$date) : value));
  },
};
