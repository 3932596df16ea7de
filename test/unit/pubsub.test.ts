import { describe, expect, it } from 'vitest';
import { eventSerializer, sharedPubSub } from '../../server/pubsub.js';

/** What the Redis event target does with a channel: serialize on publish, parse once per message. */
function fakeRedisTarget() {
  const listeners = new Map<string, Set<(event: Event) => void>>();
  let parses = 0;
  const target = {
    addEventListener(name: string, listener: (event: Event) => void) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)?.add(listener);
    },
    removeEventListener(name: string, listener: (event: Event) => void) {
      listeners.get(name)?.delete(listener);
    },
    dispatchEvent(event: Event) {
      const wire = eventSerializer.stringify((event as CustomEvent).detail);
      parses++;
      const received = new CustomEvent(event.type, { detail: eventSerializer.parse(wire) });
      for (const listener of listeners.get(event.type) ?? []) listener(received);
      return true;
    },
  };
  return { target: target as unknown as EventTarget, parses: () => parses };
}

describe('pub/sub across instances', () => {
  it('decodes an event once, revives its dates, and hands every local listener the same object', () => {
    const redis = fakeRedisTarget();
    const pubsub = sharedPubSub(redis.target, 'test:events');
    const seen: unknown[] = [];
    pubsub.listen('room', 'r1', (event) => seen.push(event));
    pubsub.listen('room', 'r1', (event) => seen.push(event));
    pubsub.listen('room', 'r2', (event) => seen.push(event));
    const createdAt = new Date('2025-01-02T03:04:05.678Z');
    const message = {
      id: 'm1',
      roomId: 'r1',
      authorId: 'u1',
      seq: 1,
      clientId: 'c1',
      kind: 'USER' as const,
      // A body that looks like a date stays a string: only real Dates are tagged.
      body: '2025-01-02T03:04:05.678Z',
      encrypted: null,
      createdAt,
      editedAt: null,
      deletedAt: null,
    };
    pubsub.publish('room', 'r1', { type: 'message', message: message as never });
    expect(redis.parses()).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    const received = (seen[0] as { message: typeof message }).message;
    expect(received.createdAt).toBeInstanceOf(Date);
    expect(received.createdAt.getTime()).toBe(createdAt.getTime());
    expect(received.body).toBe('2025-01-02T03:04:05.678Z');
    expect(received.editedAt).toBeNull();
  });

  it('keeps topics and ids apart on the one channel', () => {
    const pubsub = sharedPubSub(fakeRedisTarget().target, 'test:events');
    const seen: string[] = [];
    pubsub.listen('session', 'hash-1', () => seen.push('session hash-1'));
    pubsub.listen('room', 'hash-1', () => seen.push('room hash-1'));
    const stop = pubsub.listen('session', 'hash-2', () => seen.push('session hash-2'));
    stop();
    pubsub.publish('session', 'hash-1', { type: 'revoked' });
    pubsub.publish('session', 'hash-2', { type: 'revoked' });
    expect(seen).toEqual(['session hash-1']);
  });
});
