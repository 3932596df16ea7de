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
}

/**
 * Publish/subscribe over any EventTarget: in-process by default, Redis when
 * `@graphql-yoga/redis-event-target` is injected. Listeners attach synchronously,
 * which the catch-up seam of `messageAdded` relies on.
 * Payloads must survive JSON (Redis): dates arrive as strings and are revived by readers.
 */
export interface PubSub {
  publish<T extends keyof Topics>(topic: T, id: Topics[T][0], payload: Topics[T][1]): void;
  listen<T extends keyof Topics>(topic: T, id: Topics[T][0], onEvent: (payload: Topics[T][1]) => void): () => void;
}

export function createPubSub(target: EventTarget = new EventTarget()): PubSub {
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
