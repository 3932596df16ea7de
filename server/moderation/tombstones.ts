import type { PubSub } from '../pubsub.js';
import type { MessageRecord } from '../store/store.js';

/**
 * Bulk deletions tell live clients about at most this many messages in one go (retention:
 * the oldest of each room per pass; account deletion: the account's newest); past it, clients
 * see the tombstones when they next load history. Each one is a `changed` event, so a first
 * sweep over years of history cannot flood every socket (or Redis) at once.
 */
export const MAX_ANNOUNCED_TOMBSTONES = 1000;

/** Publishes `changed` for the messages tombstoned at exactly `at` (the bulk write's timestamp); returns how many. */
export function announceTombstones(pubsub: PubSub, messages: readonly MessageRecord[], at: Date): number {
  let count = 0;
  for (const message of messages) {
    if (message.deletedAt?.getTime() !== at.getTime()) continue;
    pubsub.publish('room', message.roomId, { type: 'changed', message });
    count++;
  }
  return count;
}
