import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  createRoom,
  guest,
  joinRoom,
  registerStudent,
  signInAdmin,
  userWithRole,
} from '../utils/actors.js';
import { connected, gql, must, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { expectRefused, wsRefusal } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// One instance, presence in memory (no REDIS_URL): the same interface as over Redis.
let server: TestServer;
let admin: Actor;
const open: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
});
afterAll(async () => {
  await Promise.all(open.map((ws) => ws.dispose()));
  await server.stop();
});

const settle = (ms = 200) => new Promise((r) => setTimeout(r, ms));
const PRESENCE = 'subscription($r: ID!) { presence(roomId: $r) { snapshot online { id } offline { id } room { id } } }';
const ONLINE = 'query($id: ID!) { node(id: $id) { ... on User { online presenceHidden } } }';
const HIDE = 'mutation($h: Boolean!) { setPresenceHidden(hidden: $h) { id presenceHidden online } }';

async function socketOf(actor: Actor): Promise<WsHandle> {
  const ws = wsClient(server.wsUrl, actor.token);
  open.push(ws);
  await connected(ws.client);
  return ws;
}

const ids = (users: { id: string }[]) => users.map((u) => u.id).sort();
const online = async (viewer: Actor, user: Actor) =>
  (await must(server.url, ONLINE, { id: user.id }, viewer.token)).node;

describe('User.online', () => {
  it('is true while the user holds a socket, and false once the last one closed', async () => {
    const alice = await registerStudent(server.url, 'Alice');
    expect((await online(admin, alice)).online).toBe(false);
    const first = await socketOf(alice);
    const second = await socketOf(alice);
    expect((await online(admin, alice)).online).toBe(true);
    await first.dispose();
    await settle();
    expect((await online(admin, alice)).online).toBe(true);
    await second.dispose();
    await settle();
    expect((await online(admin, alice)).online).toBe(false);
  });

  it('students and guests may hide: they then appear offline to everyone; mentors may not', async () => {
    const bob = await registerStudent(server.url, 'Bob');
    const visitor = await guest(server.url, 'Visitor');
    const mentor = await userWithRole(server.url, 'MENTOR', 'Mentor');
    await socketOf(bob);
    await socketOf(visitor);
    expect((await online(admin, bob)).online).toBe(true);

    const hidden = await must(server.url, HIDE, { h: true }, bob.token);
    expect(hidden.setPresenceHidden).toEqual({ id: bob.id, presenceHidden: true, online: false });
    expect(await online(admin, bob)).toEqual({ online: false, presenceHidden: null });
    expect((await must(server.url, HIDE, { h: true }, visitor.token)).setPresenceHidden.online).toBe(false);

    expectRefused(await gql(server.url, HIDE, { h: true }, mentor.token), 'FORBIDDEN');
    expect((await must(server.url, HIDE, { h: false }, mentor.token)).setPresenceHidden.presenceHidden).toBe(false);
    expectRefused(await gql(server.url, HIDE, { h: true }), 'UNAUTHENTICATED');

    await must(server.url, HIDE, { h: false }, bob.token);
    expect((await online(admin, bob)).online).toBe(true);
  });
});

describe('the presence subscription', () => {
  it('starts with a snapshot, then sends coalesced changes; hidden users never appear', async () => {
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const [watcher, carol, dave, erin] = await Promise.all(
      ['Watcher', 'Carol', 'Dave', 'Erin'].map((name) => registerStudent(server.url, name)),
    );
    for (const user of [watcher, carol, dave, erin]) await joinRoom(server.url, user.token, room);
    await socketOf(carol);

    const ws = await socketOf(watcher);
    const events = subscribe(ws.client, PRESENCE, { r: room });
    const [snapshot] = await events.take(1);
    expect(snapshot.data.presence.snapshot).toBe(true);
    expect(ids(snapshot.data.presence.online)).toEqual(ids([watcher, carol]));
    expect(snapshot.data.presence.room.id).toBe(room);

    // Dave and Erin come online within one window: one event names both.
    const daveWs = await socketOf(dave);
    await socketOf(erin);
    const [, arrived] = await events.take(2);
    expect(arrived.data.presence).toMatchObject({ snapshot: false, offline: [] });
    expect(ids(arrived.data.presence.online)).toEqual(ids([dave, erin]));

    // A user who leaves and comes back inside a window is no news; one who hides is.
    await daveWs.dispose();
    await socketOf(dave);
    await must(server.url, HIDE, { h: true }, erin.token);
    const [, , changed] = await events.take(3);
    expect(changed.data.presence).toEqual({
      snapshot: false,
      online: [],
      offline: [{ id: erin.id }],
      room: { id: room },
    });
    await settle(800);
    expect(events.events).toHaveLength(3);
  });

  it('merges a burst of connections into one event per window', async () => {
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const watcher = await registerStudent(server.url, 'Watcher');
    await joinRoom(server.url, watcher.token, room);
    const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => registerStudent(server.url, `Crowd ${i}`)));
    for (const user of crowd) await joinRoom(server.url, user.token, room);
    const events = subscribe((await socketOf(watcher)).client, PRESENCE, { r: room });
    await events.take(1);
    await Promise.all(crowd.flatMap((user) => [socketOf(user), socketOf(user), socketOf(user)]));
    await settle(1_000);
    const changes = events.events.slice(1).map((e) => e.data.presence);
    // 36 sockets, 12 users: at most a couple of windows, every user exactly once.
    expect(changes.length).toBeLessThanOrEqual(2);
    expect(ids(changes.flatMap((c) => c.online))).toEqual(ids(crowd));
  });

  it('is for members only, and ends when the viewer leaves the room', async () => {
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const [frank, outsider] = await Promise.all([
      registerStudent(server.url, 'Frank'),
      registerStudent(server.url, 'Out'),
    ]);
    await joinRoom(server.url, frank.token, room);
    const refusal = await wsRefusal((await socketOf(outsider)).client, PRESENCE, { r: room });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refusal.code);

    const events = subscribe((await socketOf(frank)).client, PRESENCE, { r: room });
    await events.take(1);
    await must(server.url, 'mutation($r: ID!) { leaveRoom(roomId: $r) }', { r: room }, frank.token);
    await events.untilComplete();
    expect(events.events).toHaveLength(1);
  });
});
