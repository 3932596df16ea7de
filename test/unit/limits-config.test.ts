import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('limits configuration', () => {
  it('has the defaults docs/limits.md lists', () => {
    const { limits } = loadConfig({});
    expect(limits).toEqual({
      keyPrefix: 'mentor-chat:limits',
      message: { ratePerSecond: 5, burst: 20 },
      messageRetryGraceSeconds: 600,
      typing: { ratePerSecond: 2, burst: 10 },
      auth: { windowSeconds: 600, freeAttempts: 50, maxAttempts: 300, delayStepMs: 200, maxDelayMs: 3000 },
      signInFailures: { max: 10, windowSeconds: 3600 },
      socketsPerIp: 500,
      subscriptionsPerSocket: 50,
      socketOperations: { ratePerSecond: 20, burst: 40 },
      httpPerSession: { ratePerSecond: 10, burst: 30 },
      httpPerIp: { ratePerSecond: 200, burst: 400 },
      graphql: { maxDepth: 12, maxAliases: 20, maxTokens: 3000, maxDirectives: 20, maxCost: 8000 },
    });
    expect(Object.isFrozen(limits)).toBe(true);
  });

  it('reads each variable', () => {
    const { limits } = loadConfig({ MESSAGE_RATE_PER_SECOND: '2', MESSAGE_BURST: '7', GRAPHQL_MAX_DEPTH: '8' });
    expect(limits.message).toEqual({ ratePerSecond: 2, burst: 7 });
    expect(limits.graphql.maxDepth).toBe(8);
  });

  it.each([
    [{ MESSAGE_BURST: '0' }, /MESSAGE_BURST must be a whole number/],
    [{ TYPING_RATE_PER_SECOND: '1.5' }, /TYPING_RATE_PER_SECOND/],
    [{ WS_MAX_SOCKETS_PER_IP: 'many' }, /WS_MAX_SOCKETS_PER_IP/],
    [
      { AUTH_FREE_ATTEMPTS: '10', AUTH_MAX_ATTEMPTS: '5' },
      /AUTH_FREE_ATTEMPTS must not be more than AUTH_MAX_ATTEMPTS/,
    ],
    [{ LIMITS_KEY_PREFIX: 'has spaces' }, /LIMITS_KEY_PREFIX/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
