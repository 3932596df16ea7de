/**
 * The socket's health as the person sees it:
 * `connecting` (first attempt), `online`, `reconnecting` (was online, trying again),
 * `offline` (several attempts failed; still retrying quietly).
 */
export type LinkState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export type LinkEvent = { type: 'connected' } | { type: 'closed'; failures: number };

/** Attempts that may fail before "reconnecting" turns into "offline". */
export const FAILURES_BEFORE_OFFLINE = 3;

export function nextLinkState(state: LinkState, event: LinkEvent): LinkState {
  if (event.type === 'connected') return 'online';
  if (state === 'online') return 'reconnecting';
  if (state === 'connecting') return 'offline';
  return event.failures >= FAILURES_BEFORE_OFFLINE ? 'offline' : state;
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 10 s. */
export function retryDelayMs(retries: number, random = Math.random()): number {
  const base = Math.min(500 * 2 ** retries, 10_000);
  return Math.round(base + random * 300);
}

/** The status line for a state; empty when online. */
export function linkLabel(state: LinkState): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Connection lost. Reconnecting…';
    case 'offline':
      return 'Offline. The chat will reconnect by itself.';
    default:
      return '';
  }
}
