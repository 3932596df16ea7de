import type { ChatMessage } from './types.js';

/** Consecutive messages of one author, close in time, shown under one name. */
export interface MessageGroup {
  key: string;
  author: ChatMessage['author'];
  own: boolean;
  /** True when this group is the first of its calendar day (a day separator goes above it). */
  startsDay: boolean;
  messages: ChatMessage[];
}

const DEFAULT_GAP_MS = 5 * 60_000;

/** The local calendar day of an ISO instant, e.g. "2025-03-07". */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * Groups messages by author: a new group starts when the author changes, when more than
 * `gapMs` passed since the previous message, or on a new day. Tombstones stay in place
 * so the conversation keeps its shape.
 */
export function groupMessages(
  messages: readonly ChatMessage[],
  selfId: string,
  gapMs = DEFAULT_GAP_MS,
): MessageGroup[] {
  const groups: MessageGroup[] = [];
  let previous: ChatMessage | null = null;
  for (const message of messages) {
    const newDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
    const sameAuthor = previous?.author.id === message.author.id;
    const close = previous !== null && Date.parse(message.createdAt) - Date.parse(previous.createdAt) <= gapMs;
    const current = groups[groups.length - 1];
    if (current && sameAuthor && close && !newDay) {
      current.messages.push(message);
    } else {
      groups.push({
        key: message.id,
        author: message.author,
        own: message.author.id === selfId,
        startsDay: newDay,
        messages: [message],
      });
    }
    previous = message;
  }
  return groups;
}
