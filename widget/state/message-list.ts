import type { ChatMessage, PendingSend } from './types.js';

/**
 * Merges messages into a list ordered by seq, one entry per id. A later copy of a
 * message replaces the earlier one (edits), except that a tombstone is final and an
 * older edit never overwrites a newer one: replays after a reconnect may arrive late.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    byId.set(message.id, known ? newerCopy(known, message) : message);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function newerCopy(known: ChatMessage, next: ChatMessage): ChatMessage {
  if (known.deletedAt && !next.deletedAt) return known;
  if (next.deletedAt) return next;
  if (known.editedAt && (!next.editedAt || next.editedAt < known.editedAt)) return known;
  return next;
}

/** The newest message's cursor: where a resumed `messageAdded` subscription starts. */
export function newestCursor(messages: readonly ChatMessage[]): string | null {
  return messages.length ? messages[messages.length - 1].cursor : null;
}

/** The highest seq in the list, or 0 when empty. */
export function newestSeq(messages: readonly ChatMessage[]): number {
  return messages.length ? messages[messages.length - 1].seq : 0;
}

/**
 * True when a live message skips seqs we never saw. Only meaningful against a list that
 * already holds the room's newest page; the caller then fetches the newest page again.
 */
export function leavesGap(messages: readonly ChatMessage[], live: ChatMessage): boolean {
  const top = newestSeq(messages);
  return top > 0 && live.seq > top + 1;
}

/** Pending sends of one room that the server has not yet echoed back into the list. */
export function visiblePending(
  pending: readonly PendingSend[],
  messages: readonly ChatMessage[],
  roomId: string,
  selfId: string,
): PendingSend[] {
  const delivered = new Set(messages.filter((m) => m.author.id === selfId).map((m) => m.clientId));
  return pending.filter((p) => p.roomId === roomId && !delivered.has(p.clientId));
}

/** The newest message written by someone else: what `markRead` should point at. */
export function newestFromOthers(messages: readonly ChatMessage[], selfId: string): ChatMessage | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].author.id !== selfId) return messages[i];
  }
  return null;
}
