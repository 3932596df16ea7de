import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { gqlFrom } from '../utils/from-address.js';
import { codeOf, gql } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// CI starts Redis here (.ci/run); REDIS_URL points elsewhere.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const SEND = /* GraphQL */ 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id clientId } }';
const JOIN = /* GraphQL */ 'mutation { joinAnonymously { token } }';

/** Two instances, one database, one Redis: what a deployment behind a load balancer looks like. */
let a: TestServer;
let b: TestServer;
let alice: Actor;
let room: string;
const firstIds = new Map<string, string>();

beforeAll(async () => {
  const env = {
    REDIS_URL,
    // Each run its own keys, so runs (and other users of this Redis) never share a bucket.
    LIMITS_KEY_PREFIX: `test-limits-${randomBytes(6).toString('hex')}`,
    MESSAGE_RATE_PER_SECOND: '1',
    MESSAGE_BURST: '6',
    // No slow-down here: only the shared count is measured.
    AUTH_FREE_ATTEMPTS: '4',
    AUTH_MAX_ATTEMPTS: '4',
    AUTH_HANDLE_MAX_FAILURES: '2',
  };
  a = await startTestServer(env);
  b = await startTestServer(env, a.dataDir);
  const admin = await signInAdmin(a.url);
  room = await createRoom(a.url, admin.token, { kind: 'PUBLIC' });
  alice = await registerStudent(a.url, 'Alice');
  await joinRoom(a.url, alice.token, room);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const sendOn = (server: TestServer, clientId: string) =>
  gql(server.url, SEND, { i: { roomId: room, clientId, body: `hi ${clientId}` } }, alice.token);

describe('limits shared through Redis by two instances', () => {
  it("shares a user's message bucket: a burst split across instances is one burst", async () => {
    const sends = await Promise.all([
      sendOn(a, 'r-0'),
      sendOn(a, 'r-1'),
      sendOn(a, 'r-2'),
      sendOn(b, 'r-3'),
      sendOn(b, 'r-4'),
      sendOn(b, 'r-5'),
    ]);
    for (const sent of sends) expect(sent.errors).toBeUndefined();
    for (const sent of sends) firstIds.set(sent.data?.sendMessage.clientId, sent.data?.sendMessage.id);
    const [onA, onB] = await Promise.all([sendOn(a, 'r-6'), sendOn(b, 'r-7')]);
    expect(codeOf(onA)).toBe('RATE_LIMITED');
    expect(codeOf(onB)).toBe('RATE_LIMITED');
    expect(onB.errors?.[0].extensions?.retryAfter).toBe(1);
  });

  it('lets the retry of a send charged on one instance through on the other', async () => {
    expect(codeOf(await sendOn(b, 'r-new'))).toBe('RATE_LIMITED');
    const retried = await sendOn(b, 'r-2');
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.sendMessage.id).toBe(firstIds.get('r-2'));
  });

  it('shares the per-address sign-in count', async () => {
    const address = '127.0.0.51';
    const answers = [
      await gqlFrom(address, a.url, JOIN),
      await gqlFrom(address, b.url, JOIN),
      await gqlFrom(address, a.url, JOIN),
      await gqlFrom(address, b.url, JOIN),
    ];
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(codeOf(await gqlFrom(address, a.url, JOIN))).toBe('RATE_LIMITED');
    expect(codeOf(await gqlFrom(address, b.url, JOIN))).toBe('RATE_LIMITED');
  });

  it('shares the wrong-password count of an account and address: one failure on each instance is two', async () => {
    const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';
    const attempt = (server: TestServer, password: string) =>
      gqlFrom('127.0.0.52', server.url, SIGN_IN, { i: { handle: alice.handle, password } });
    expect(codeOf(await attempt(a, 'wrong-password'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(b, 'wrong-password'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(a, 'student-password'))).toBe('RATE_LIMITED');
  });
});
