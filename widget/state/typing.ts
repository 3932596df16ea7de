/** Who is typing in the open room: user id -> name and when that news goes stale. */
export type Typists = ReadonlyMap<string, { name: string; until: number }>;

/** The server expires typing after 6 s; a missed "stopped" event must not leave a ghost. */
export const TYPING_STALE_MS = 7_000;

export function applyTyping(
  current: Typists,
  event: { userId: string; name: string; typing: boolean },
  now: number,
): Map<string, { name: string; until: number }> {
  const next = new Map(current);
  if (event.typing) next.set(event.userId, { name: event.name, until: now + TYPING_STALE_MS });
  else next.delete(event.userId);
  return next;
}

export function pruneTyping(current: Typists, now: number): Map<string, { name: string; until: number }> {
  return new Map([...current].filter(([, entry]) => entry.until > now));
}

/** "Ms Rivera is typing…", "Ana and Ben are typing…", "Several people are typing…", or "". */
export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
