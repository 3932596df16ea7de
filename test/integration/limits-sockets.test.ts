import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation } from '../bench/lib/ws-load.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { socketFrom } from '../utils/from-address.js';
import { connected, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

const LIMITS = {
  WS_MAX_SOCKETS_PER_IP: '3',
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
  WS_OPERATIONS_RATE_PER_SECOND: '2',
  WS_OPERATIONS_BURST: '10',
};

const ADDED = /* GraphQL */ 'subscription($r: ID!) { messageAdded(roomId: $r) { body } }';
const ME = /* GraphQL */ 'query { me { id } }';

let server: TestServer;
let alice: Actor;
let room: string;
const opened: Array<{ dispose: () => Promise<void> }> = [];

beforeAll(async () => {
  server = await startTestServer(LIMITS);
  const admin = await signInAdmin(server.url);
  room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  alice = await registerStudent(server.url, 'Alice');
  await joinRoom(server.url, alice.token, room);
});
afterAll(async () => {
  await Promise.all(opened.map((socket) => socket.dispose()));
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends until every subscription has heard a message: a subscription is live a moment after it is sent. */
async function untilHeard(subscriptions: Array<{ events: unknown[]; completed: boolean }>) {
  for (let i = 0; i < 40 && subscriptions.some((s) => s.events.length === 0 && !s.completed); i++) {
    await send(server.url, alice.token, room, `are you there ${i}`);
    await sleep(100);
  }
  for (const subscription of subscriptions) expect(subscription.events.length).toBeGreaterThan(0);
}

async function openFrom(address: string) {
  const result = await socketFrom(address, server.wsUrl, alice.token);
  if ('client' in result) opened.push(result);
  return result;
}

describe('open sockets per address', () => {
  it('refuses the upgrade past the cap with HTTP 429; other addresses connect; a closed socket frees its slot', async () => {
    const address = '127.0.0.31';
    const three = await Promise.all([openFrom(address), openFrom(address), openFrom(address)]);
    for (const socket of three) expect('client' in socket).toBe(true);
    expect(await openFrom(address)).toEqual({ refusedWith: 429 });
    expect('client' in (await openFrom('127.0.0.32'))).toBe(true);

    const first = three[0];
    if (!('client' in first)) throw new Error('unreachable');
    await first.dispose();
    // The server counts the slot free when the TCP socket closes, a moment after the client's close.
    let again = await openFrom(address);
    for (let i = 0; i < 20 && !('client' in again); i++) {
      await sleep(50);
      again = await openFrom(address);
    }
    expect('client' in again).toBe(true);
  });
});

describe('subscriptions per socket', () => {
  it('refuses a third live subscription with RATE_LIMITED, keeps the two, and admits one when another ends', async () => {
    const socket = wsClient(server.wsUrl, alice.token);
    opened.push(socket);
    await connected(socket.client);
    const one = subscribe(socket.client, ADDED, { r: room });
    const two = subscribe(socket.client, ADDED, { r: room });
    const three = subscribe(socket.client, ADDED, { r: room });
    await three.untilComplete();
    expect(three.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', limit: 2 }) }),
    ]);

    // Queries and mutations on the same socket are not subscriptions: they still run.
    const me = await operation(socket.client, ME, {});
    expect(me.result.data?.me.id).toBe(alice.id);

    await untilHeard([one, two]);
    expect(one.error).toBeNull();
    expect(two.error).toBeNull();

    one.unsubscribe();
    const four = subscribe(socket.client, ADDED, { r: room });
    // The socket's frames are handled in order: the complete frees the slot before this subscribe.
    await untilHeard([four]);
    expect(four.error).toBeNull();
  });
});

describe('operations per socket', () => {
  it('refuses a flood past the burst with retryAfter, without closing the socket, while other sockets run', async () => {
    const flooder = wsClient(server.wsUrl, alice.token);
    const bystander = wsClient(server.wsUrl, alice.token);
    opened.push(flooder, bystander);
    await Promise.all([connected(flooder.client), connected(bystander.client)]);

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        operation(flooder.client, ME, {}).catch((errors: Error) => ({ refused: JSON.parse(errors.message) })),
      ),
    );
    const refused = results.filter((r) => 'refused' in r) as Array<{ refused: any[] }>;
    // The burst of 10, plus what refilled (2 a second) while the paused socket's frames waited.
    const refilled = Math.floor(((performance.now() - started) / 1000) * 2);
    expect(30 - refused.length).toBeGreaterThanOrEqual(10);
    expect(30 - refused.length).toBeLessThanOrEqual(10 + refilled);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.refused[0].extensions.code).toBe('RATE_LIMITED');
      expect(r.refused[0].extensions.retryAfter).toBeGreaterThanOrEqual(1);
    }
    // Another socket is served at once while the flooder waits.
    const other = await operation(bystander.client, ME, {});
    expect(other.result.data?.me.id).toBe(alice.id);

    // After the pause (1 s) and a token's refill, the flooder is served again on the same socket.
    await sleep(1_100);
    const after = await operation(flooder.client, ME, {});
    expect(after.result.data?.me.id).toBe(alice.id);
  });
});
