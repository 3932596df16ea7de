import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlFrom } from '../utils/from-address.js';
import { codeOf, type GraphQLResponse } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// 3 free attempts per address, then +500 ms each up to 1 s, refused after 7.
const STEP_MS = 500;
const LIMITS = {
  AUTH_WINDOW_SECONDS: '60',
  AUTH_FREE_ATTEMPTS: '3',
  AUTH_MAX_ATTEMPTS: '7',
  AUTH_DELAY_STEP_MS: String(STEP_MS),
  AUTH_MAX_DELAY_MS: '1000',
};

const JOIN = /* GraphQL */ 'mutation { joinAnonymously(input: { displayName: "Visitor" }) { token } }';
const SIGN_IN = /* GraphQL */ 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';
const REGISTER = /* GraphQL */ 'mutation($i: RegisterInput!) { register(input: $i) { token } }';
const PORTAL = /* GraphQL */ 'mutation($t: String!) { signInWithPortalToken(token: $t) { token } }';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(LIMITS);
});
afterAll(async () => {
  await server.stop();
});

const join = (address: string) => gqlFrom(address, server.url, JOIN);
const wrongSignIn = (address: string) =>
  gqlFrom(address, server.url, SIGN_IN, { i: { handle: 'nobody', password: 'wrong-password' } });
const register = (address: string, handle: string) =>
  gqlFrom(address, server.url, REGISTER, { i: { handle, password: 'long-enough-password', displayName: 'Sam' } });
const portal = (address: string) => gqlFrom(address, server.url, PORTAL, { t: 'not.a.jwt' });

let fresh = 100;
/**
 * Runs an attempt from `address` alongside a join from an address never seen before: the
 * difference is the delay the server added, whatever else the machine is busy with.
 */
async function added(attempt: Promise<GraphQLResponse & { status: number; ms: number }>) {
  const [answer, control] = await Promise.all([attempt, join(`127.0.1.${fresh++}`)]);
  return { answer, addedMs: answer.ms - control.ms };
}

describe('per-address sign-in and registration attempts', () => {
  it('slows down past the free attempts, then refuses with retryAfter; every kind of sign-in counts', async () => {
    const address = '127.0.0.21';
    const free = [await added(join(address)), await added(portal(address)), await added(join(address))];
    for (const { addedMs } of free) expect(addedMs).toBeLessThan(STEP_MS / 2);
    expect(free[0].answer.data?.joinAnonymously.token).toBeTruthy();
    expect(codeOf(free[1].answer)).toBe('UNAUTHENTICATED');

    // Attempts 4-7 wait 500 ms, 1 s, then stay at the 1 s cap; each is still answered as usual.
    const slowed = [await wrongSignIn(address), await portal(address), await join(address), await join(address)];
    const floors = [500, 1000, 1000, 1000];
    for (const [i, attempt] of slowed.entries()) expect(attempt.ms).toBeGreaterThanOrEqual(floors[i] - 5);
    // Uncapped, the 7th would wait 2 s.
    expect(slowed[3].ms).toBeLessThan(2000);
    expect(codeOf(slowed[0])).toBe('UNAUTHENTICATED');
    expect(slowed[2].data?.joinAnonymously.token).toBeTruthy();

    // Attempt 8 on: refused at once, whatever the mutation, with the window's remaining seconds.
    const refused = [await added(join(address)), await added(wrongSignIn(address)), await added(portal(address))];
    for (const { answer, addedMs } of refused) {
      expect(codeOf(answer)).toBe('RATE_LIMITED');
      expect(addedMs).toBeLessThan(STEP_MS / 2);
      const retryAfter = answer.errors?.[0].extensions?.retryAfter as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('stores nothing for a refused registration', async () => {
    const address = '127.0.0.22';
    await Promise.all(Array.from({ length: 7 }, () => join(address)));
    const refused = await register(address, 'refused.student');
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    // From another address the handle is still free.
    const later = await register('127.0.0.23', 'refused.student');
    expect(later.errors).toBeUndefined();
    expect(later.data?.register.token).toBeTruthy();
  });

  it('counts each address apart: others sign in at once while one is refused', async () => {
    const address = '127.0.0.25';
    await Promise.all(Array.from({ length: 7 }, () => join(address)));
    const { answer } = await added(join(address));
    expect(codeOf(answer)).toBe('RATE_LIMITED');
    const other = await added(join('127.0.0.26'));
    expect(other.answer.errors).toBeUndefined();
    expect(other.addedMs).toBeLessThan(STEP_MS / 2);
  });
});
