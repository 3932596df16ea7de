import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { codeOf, type GraphQLResponse, gql, must } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// The contract's numbers: sustained 5 messages a second, bursts of 20.
const LIMITS = {
  MESSAGE_RATE_PER_SECOND: '5',
  MESSAGE_BURST: '20',
  TYPING_RATE_PER_SECOND: '1',
  TYPING_BURST: '3',
};

const SEND = /* GraphQL */ 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq clientId } }';
const HISTORY =
  /* GraphQL */ 'query($r: ID!) { room(id: $r) { messages(first: 100) { edges { node { clientId } } } } }';
const TYPING = /* GraphQL */ 'mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, typing: $t) }';

let server: TestServer;
let alice: Actor;
let bob: Actor;
let room: string;

beforeAll(async () => {
  server = await startTestServer(LIMITS);
  const admin = await signInAdmin(server.url);
  room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  alice = await registerStudent(server.url, 'Alice');
  bob = await registerStudent(server.url, 'Bob');
  await joinRoom(server.url, alice.token, room);
  await joinRoom(server.url, bob.token, room);
});
afterAll(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sendAs = (actor: Actor, clientId: string) =>
  gql(server.url, SEND, { i: { roomId: room, clientId, body: `hello ${clientId}` } }, actor.token);
/** Sends at once (one request each, concurrently), so the bucket sees them as one burst. */
const burst = (actor: Actor, clientIds: string[]) => Promise.all(clientIds.map((id) => sendAs(actor, id)));
const passed = (responses: GraphQLResponse[]) => responses.filter((r) => !r.errors).length;
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

async function storedClientIds(): Promise<string[]> {
  const page = await must(server.url, HISTORY, { r: room }, alice.token);
  return page.room.messages.edges.map((e: { node: { clientId: string } }) => e.node.clientId);
}

describe('the per-user message rate (token bucket: burst 20, 5 a second)', () => {
  it('passes a burst of 20, refuses the rest with retryAfter, and stores nothing for them', async () => {
    const started = performance.now();
    const sends = await burst(alice, ids('b', 25));
    // A token comes back every 200 ms: on a slow machine the burst itself may earn one or two.
    const refills = Math.floor((performance.now() - started) / 200);
    expect(refills).toBeLessThan(5);
    expect(passed(sends)).toBeGreaterThanOrEqual(20);
    expect(passed(sends)).toBeLessThanOrEqual(20 + refills);

    const refused = sends.filter((r) => r.errors);
    for (const refusal of refused) {
      expect(codeOf(refusal)).toBe('RATE_LIMITED');
      expect(refusal.errors?.[0].message).toMatch(/too fast/);
      expect(refusal.errors?.[0].extensions?.retryAfter).toBe(1);
      expect(refusal.data).toBeNull();
    }
    const accepted = ids('b', 25).filter((_, i) => !sends[i].errors);
    expect((await storedClientIds()).sort()).toEqual(accepted.sort());
  });

  it('never refuses the retry of a send it already charged: the first message comes back', async () => {
    const before = await storedClientIds();
    const charged = before[0];
    // New sends drain the bucket; the retry, sent with them, is answered all the same.
    const [retried, ...fresh] = await Promise.all([
      sendAs(alice, charged),
      ...ids('new', 10).map((id) => sendAs(alice, id)),
    ]);
    expect(fresh.filter((r) => codeOf(r) === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.sendMessage.clientId).toBe(charged);
    const after = await storedClientIds();
    expect(after.filter((id) => id === charged)).toHaveLength(1);
    expect(after).toHaveLength(before.length + passed(fresh));
  });

  it("keeps everyone else's sends flowing while one user is limited", async () => {
    const [alices, bobs] = await Promise.all([burst(alice, ids('still', 10)), burst(bob, ids('bob', 10))]);
    expect(passed(alices)).toBeLessThan(10);
    expect(passed(bobs)).toBe(10);
  });

  it('refills at 5 a second', async () => {
    // Drain whatever refilled during the tests above, then wait one second.
    await burst(alice, ids('drain', 10));
    expect(codeOf(await sendAs(alice, 'drain-last'))).toBe('RATE_LIMITED');
    await sleep(1_000);
    const started = performance.now();
    const refilled = passed(await burst(alice, ids('refill', 10)));
    // 5 tokens in a second, plus the part-token already on its way (and any the burst itself took to arrive).
    expect(refilled).toBeGreaterThanOrEqual(5);
    expect(refilled).toBeLessThanOrEqual(6 + Math.floor((performance.now() - started) / 200));
  });
});

describe('the per-user typing rate', () => {
  it('passes the burst, then refuses with retryAfter; other users are unaffected', async () => {
    const calls = await Promise.all(
      [true, true, true, true].map((t) => gql(server.url, TYPING, { r: room, t }, alice.token)),
    );
    expect(passed(calls)).toBe(3);
    const refused = calls.find((c) => c.errors)!;
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0].extensions?.retryAfter).toBe(1);
    const other = await gql(server.url, TYPING, { r: room, t: true }, bob.token);
    expect(other.data?.setTyping).toBe(true);
  });
});
