import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { gqlFrom } from '../utils/from-address.js';
import { codeOf } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// Two attempts per address, the third refused; no slow-down, so the test is quick.
const LIMITS = {
  AUTH_FREE_ATTEMPTS: '2',
  AUTH_MAX_ATTEMPTS: '2',
  AUTH_DELAY_STEP_MS: '0',
  AUTH_MAX_DELAY_MS: '0',
};
const JOIN = /* GraphQL */ 'mutation { joinAnonymously(input: { displayName: "Visitor" }) { token } }';
const joinFrom = (server: TestServer, address: string, forwardedFor?: string) =>
  gqlFrom(address, server.url, JOIN, {}, undefined, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

/** The outcome of three joins in a row: two admitted, then refused, when they count as one client. */
async function threeJoins(server: TestServer, address: string, forwardedFor: (i: number) => string | undefined) {
  const outcomes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const answer = await joinFrom(server, address, forwardedFor(i));
    outcomes.push(answer.data?.joinAnonymously?.token ? 'ok' : (codeOf(answer) ?? 'none'));
  }
  return outcomes;
}

describe('behind a proxy (TRUST_PROXY names it)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The proxy is 127.0.0.1; any other loopback address is a client calling directly.
    server = await startTestServer({ ...LIMITS, TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('counts each forwarded client on its own, not the proxy', async () => {
    expect(await threeJoins(server, '127.0.0.1', () => '198.51.100.1')).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    // Another person behind the same proxy is not refused for the first one's attempts.
    expect(await threeJoins(server, '127.0.0.1', () => '198.51.100.2')).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });

  it('reads the entry the trusted proxy added, so a client cannot forge an address in front of it', async () => {
    // The client wrote its own X-Forwarded-For; the proxy appended the address it saw.
    const forged = (i: number) => `10.9.9.${i}, 198.51.100.3`;
    expect(await threeJoins(server, '127.0.0.1', forged)).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });

  it('ignores X-Forwarded-For from an address that is not the proxy', async () => {
    const rotating = (i: number) => `203.0.113.${i}`;
    expect(await threeJoins(server, '127.0.0.33', rotating)).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });
});

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(LIMITS);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('counts the socket address: a made-up X-Forwarded-For does not reset the count', async () => {
    const rotating = (i: number) => `203.0.113.${i}`;
    expect(await threeJoins(server, '127.0.0.44', rotating)).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });
});

describe('TRUST_PROXY configuration', () => {
  it.each(['1', 'loopback', '10.0.0.0/8, 192.168.1.7', 'loopback,uniquelocal'])('accepts %j', (value) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(value);
  });

  it.each(['yes', '10.0.0.0/99', 'proxy.example.edu'])('refuses %j with a message naming the variable', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
