import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStudent } from '../utils/actors.js';
import { gqlFrom } from '../utils/from-address.js';
import { codeOf } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

const SIGN_IN = /* GraphQL */ 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';
const PASSWORD = 'student-password'; // what registerStudent sets

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_HANDLE_MAX_FAILURES: '3', AUTH_HANDLE_WINDOW_SECONDS: '600' });
});
afterAll(async () => {
  await server.stop();
});

async function signIn(address: string, handle: string, password: string) {
  const answer = await gqlFrom(address, server.url, SIGN_IN, { i: { handle, password } });
  return answer.data?.signIn?.token ? 'ok' : (codeOf(answer) ?? 'none');
}

describe('wrong passwords for one account from one address', () => {
  it('refuses that address for that account past the limit, with retryAfter, even with the right password', async () => {
    const { handle } = await registerStudent(server.url);
    const from = '127.0.0.51';
    for (let i = 0; i < 3; i++) expect(await signIn(from, handle, 'wrong-password')).toBe('UNAUTHENTICATED');
    const refused = await gqlFrom(from, server.url, SIGN_IN, { i: { handle, password: PASSWORD } });
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // The handle in another case and spacing is the same account.
    expect(await signIn(from, ` ${handle.toUpperCase()} `, PASSWORD)).toBe('RATE_LIMITED');
  });

  it('does not lock the account out for its owner elsewhere, nor other accounts from that address', async () => {
    const victim = await registerStudent(server.url);
    const other = await registerStudent(server.url);
    const attacker = '127.0.0.52';
    for (let i = 0; i < 4; i++) await signIn(attacker, victim.handle, 'wrong-password');
    expect(await signIn(attacker, victim.handle, PASSWORD)).toBe('RATE_LIMITED');
    expect(await signIn('127.0.0.53', victim.handle, PASSWORD)).toBe('ok');
    expect(await signIn(attacker, other.handle, PASSWORD)).toBe('ok');
  });

  it('a right password clears the count', async () => {
    const { handle } = await registerStudent(server.url);
    const from = '127.0.0.54';
    for (let i = 0; i < 2; i++) expect(await signIn(from, handle, 'wrong-password')).toBe('UNAUTHENTICATED');
    expect(await signIn(from, handle, PASSWORD)).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await signIn(from, handle, 'wrong-password')).toBe('UNAUTHENTICATED');
    expect(await signIn(from, handle, PASSWORD)).toBe('RATE_LIMITED');
  });

  it('counts guesses at handles that do not exist the same way (no hint that an account exists)', async () => {
    const from = '127.0.0.55';
    for (let i = 0; i < 3; i++) expect(await signIn(from, 'nobody-here', 'wrong-password')).toBe('UNAUTHENTICATED');
    expect(await signIn(from, 'nobody-here', 'wrong-password')).toBe('RATE_LIMITED');
  });
});
