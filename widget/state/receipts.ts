import type { ChatMessage, ChatReceipt } from './types.js';

/** One member's receipt per user id, never moving backwards. */
export function applyReceipts(
  current: ReadonlyMap<string, ChatReceipt>,
  incoming: readonly ChatReceipt[],
): Map<string, ChatReceipt> {
  const next = new Map(current);
  for (const receipt of incoming) {
    const known = next.get(receipt.user.id);
    if (!known || receipt.lastReadSeq > known.lastReadSeq) next.set(receipt.user.id, receipt);
  }
  return next;
}

/** Who (other than the author) has read up to this message, by display name. */
export function seenBy(message: ChatMessage, receipts: ReadonlyMap<string, ChatReceipt>): string[] {
  const names: string[] = [];
  for (const receipt of receipts.values()) {
    if (receipt.user.id !== message.author.id && receipt.lastReadSeq >= message.seq)
      names.push(receipt.user.displayName);
  }
  return names.sort((a, b) => a.localeCompare(b));
}

/** "Sent", "Seen by Ms Rivera", "Seen by Ana and Ben", "Seen by 5 people". */
export function receiptLabel(names: readonly string[]): string {
  if (names.length === 0) return 'Sent';
  if (names.length === 1) return `Seen by ${names[0]}`;
  if (names.length === 2) return `Seen by ${names[0]} and ${names[1]}`;
  if (names.length === 3) return `Seen by ${names[0]}, ${names[1]} and ${names[2]}`;
  return `Seen by ${names.length} people`;
}

/** The viewer's newest own message: the one that carries the receipt line. */
export function newestOwn(messages: readonly ChatMessage[], selfId: string): ChatMessage | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].author.id === selfId && !messages[i].deletedAt) return messages[i];
  }
  return null;
}
