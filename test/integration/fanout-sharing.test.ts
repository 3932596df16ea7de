import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedExecutionStats } from '../../server/execution/shared-subscribe.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { connected, must, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// The shared executor runs a subscription event once per distinct operation, and once per
// viewer only where a resolver read the viewer. These tests count executions through its
// counters (this file's server runs in this process) and check per-viewer values.

let server: TestServer;
let admin: Actor;
let alice: Actor;
let bob: Actor;
let room: string;
const sockets: WsHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
  alice = await registerStudent(server.url, 'Alice');
  bob = await registerStudent(server.url, 'Bob');
  room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  await joinRoom(server.url, alice.token, room);
  await joinRoom(server.url, bob.token, room);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await server.stop();
});

async function socketOf(actor: Actor) {
  const handle = wsClient(server.wsUrl, actor.token);
  sockets.push(handle);
  await connected(handle.client);
  return handle.client;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

const PLAIN = /* GraphQL */ `
  subscription Plain($r: ID!) {
    messageAdded(roomId: $r) { id body createdAt author { handle displayName } }
  }
`;

const PER_VIEWER = /* GraphQL */ `
  subscription PerViewer($r: ID!) {
    messageAdded(roomId: $r) { seq body room { viewerIsMember unreadCount } author { handle presenceHidden } }
  }
`;

describe('shared subscription execution', () => {
  it('executes a plain selection once per event for every subscriber, viewers alike', async () => {
    const [aliceWs, aliceWs2, bobWs] = await Promise.all([socketOf(alice), socketOf(alice), socketOf(bob)]);
    const subs = [aliceWs, aliceWs2, bobWs].map((client) => subscribe(client, PLAIN, { r: room }));
    await settle();
    const before = { ...sharedExecutionStats };
    await send(server.url, admin.token, room, 'one execution for all');
    const results = await Promise.all(subs.map((s) => s.take(1)));
    expect(sharedExecutionStats.executions - before.executions).toBe(1);
    expect(sharedExecutionStats.deliveries - before.deliveries).toBe(3);
    for (const [event] of results) {
      expect(event.errors).toBeUndefined();
      expect(event.data.messageAdded).toEqual(results[0][0].data.messageAdded);
      expect(event.data.messageAdded.author.handle).toBe(admin.handle);
    }
    for (const s of subs) s.unsubscribe();
  });

  it('gives each viewer its own result where the selection reads the viewer, and never another’s', async () => {
    const fresh = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, alice.token, fresh);
    await joinRoom(server.url, bob.token, fresh);
    // Alice reads the first message; Bob reads nothing: their unread counts differ.
    const first = await send(server.url, admin.token, fresh, 'first');
    await must(
      server.url,
      'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }',
      { r: fresh, m: first.id },
      alice.token,
    );
    const [aliceWs, aliceWs2, bobWs] = await Promise.all([socketOf(alice), socketOf(alice), socketOf(bob)]);
    const ofAlice = subscribe(aliceWs, PER_VIEWER, { r: fresh });
    const ofAlice2 = subscribe(aliceWs2, PER_VIEWER, { r: fresh });
    const ofBob = subscribe(bobWs, PER_VIEWER, { r: fresh });
    await settle();
    const before = { ...sharedExecutionStats };
    // Alice is the author this time: `presenceHidden` answers for the viewer only.
    await send(server.url, alice.token, fresh, 'second');
    const [[a], [a2], [b]] = await Promise.all([ofAlice.take(1), ofAlice2.take(1), ofBob.take(1)]);
    // One execution per viewer: Alice's two subscriptions share hers.
    expect(sharedExecutionStats.executions - before.executions).toBe(2);
    expect(a.data.messageAdded).toEqual(a2.data.messageAdded);
    // Alice's own messages are not unread to her; Bob has both of the admin's... and Alice's.
    expect(a.data.messageAdded.room).toEqual({ viewerIsMember: true, unreadCount: 0 });
    expect(b.data.messageAdded.room).toEqual({ viewerIsMember: true, unreadCount: 2 });
    expect(a.data.messageAdded.author).toEqual({ handle: alice.handle, presenceHidden: false });
    expect(b.data.messageAdded.author).toEqual({ handle: alice.handle, presenceHidden: null });
    for (const s of [ofAlice, ofAlice2, ofBob]) s.unsubscribe();
  });

  it('keeps sharing when subscribers of one operation differ in variables only by room', async () => {
    const other = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, bob.token, other);
    const [aliceWs, bobWs] = await Promise.all([socketOf(alice), socketOf(bob)]);
    const inRoom = subscribe(aliceWs, PLAIN, { r: room });
    const inOther = subscribe(bobWs, PLAIN, { r: other });
    await settle();
    await send(server.url, admin.token, other, 'only in the other room');
    await send(server.url, admin.token, room, 'only in the first room');
    const [[mine], [theirs]] = await Promise.all([inRoom.take(1), inOther.take(1)]);
    expect(mine.data.messageAdded.body).toBe('only in the first room');
    expect(theirs.data.messageAdded.body).toBe('only in the other room');
    for (const s of [inRoom, inOther]) s.unsubscribe();
  });
});
