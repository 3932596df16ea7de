import { describe, expect, it } from 'vitest';
import { socketUrl } from '../../widget/graphql/transport.js';
import { FAILURES_BEFORE_OFFLINE, linkLabel, nextLinkState, retryDelayMs } from '../../widget/state/link-state.js';

describe('nextLinkState', () => {
  it('goes online on connect, from any state', () => {
    for (const state of ['connecting', 'reconnecting', 'offline', 'online'] as const) {
      expect(nextLinkState(state, { type: 'connected' })).toBe('online');
    }
  });

  it('says "reconnecting" when an open socket drops, "offline" when it stays down', () => {
    let state = nextLinkState('online', { type: 'closed', failures: 1 });
    expect(state).toBe('reconnecting');
    state = nextLinkState(state, { type: 'closed', failures: FAILURES_BEFORE_OFFLINE - 1 });
    expect(state).toBe('reconnecting');
    state = nextLinkState(state, { type: 'closed', failures: FAILURES_BEFORE_OFFLINE });
    expect(state).toBe('offline');
  });

  it('says "offline" at once when the first connection fails', () => {
    expect(nextLinkState('connecting', { type: 'closed', failures: 1 })).toBe('offline');
  });

  it('has a quiet label for every state but online', () => {
    expect(linkLabel('online')).toBe('');
    expect(linkLabel('reconnecting')).toMatch(/Reconnecting/);
    expect(linkLabel('offline')).toMatch(/Offline/);
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially from half a second, capped at ten', () => {
    expect(retryDelayMs(0, 0)).toBe(500);
    expect(retryDelayMs(1, 0)).toBe(1000);
    expect(retryDelayMs(3, 0)).toBe(4000);
    expect(retryDelayMs(20, 0)).toBe(10_000);
    expect(retryDelayMs(0, 1)).toBe(800);
  });
});

describe('socketUrl', () => {
  it('maps http(s) to ws(s) and resolves relative endpoints against the page', () => {
    expect(socketUrl('https://chat.example.edu/graphql')).toBe('wss://chat.example.edu/graphql');
    expect(socketUrl('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/graphql');
    expect(socketUrl('/graphql', 'https://portal.example.edu/course/1')).toBe('wss://portal.example.edu/graphql');
  });
});
