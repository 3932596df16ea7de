import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPING_EXPIRY_MS } from '../../server/typing/typing.service.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { codeOf, connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;
let alice: Actor;
let bob: Actor;
let room: string;

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
  await server.stop();
});

const TYPING = 'subscription($r: ID!) { typing(roomId: $r) { typing user { handle } room { id } } }';
const SET_TYPING = 'mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, typing: $t) }';
const MARK =
  'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq readAt user { handle } } }';
const UNREAD = 'query($r: ID!) { room(id: $r) { unreadCount lastMessage { seq } } }';

describe('typing', () => {
  it('reaches others but not the typist, and expires 6 s after the last setTyping(true)', async () => {
    const aliceWs = wsClient(server.wsUrl, alice.token);
    const bobWs = wsClient(server.wsUrl, bob.token);
    await Promise.all([connected(aliceWs.client), connected(bobWs.client)]);
    const seenByBob = subscribe(bobWs.client, TYPING, { r: room });
    const seenByAlice = subscribe(aliceWs.client, TYPING, { r: room });
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await must(server.url, SET_TYPING, { r: room, t: true }, alice.token);
    const [on] = await seenByBob.take(1);
    expect(on.data.typing).toEqual({ typing: true, user: { handle: alice.handle }, room: { id: room } });
    // A refresh within the window extends it without a second "typing: true".
    await new Promise((r) => setTimeout(r, 1000));
    await must(server.url, SET_TYPING, { r: room, t: true }, alice.token);
    const [, off] = await seenByBob.take(2, TYPING_EXPIRY_MS + 3000);
    const elapsed = Date.now() - started;
    expect(off.data.typing.typing).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(1000 + TYPING_EXPIRY_MS - 100);
    expect(elapsed).toBeLessThan(1000 + TYPING_EXPIRY_MS + 1500);
    expect(seenByAlice.events).toHaveLength(0);
    await Promise.all([aliceWs.dispose(), bobWs.dispose()]);
  }, 15_000);

  it('stops at once on setTyping(false) and when the typist sends', async () => {
    const bobWs = wsClient(server.wsUrl, bob.token);
    await connected(bobWs.client);
    const seen = subscribe(bobWs.client, TYPING, { r: room });
    await new Promise((r) => setTimeout(r, 150));
    await must(server.url, SET_TYPING, { r: room, t: true }, alice.token);
    await must(server.url, SET_TYPING, { r: room, t: false }, alice.token);
    await must(server.url, SET_TYPING, { r: room, t: true }, alice.token);
    await send(server.url, alice.token, room, 'done typing');
    const events = await seen.take(4);
    expect(events.map((e) => e.data.typing.typing)).toEqual([true, false, true, false]);
    await bobWs.dispose();
  });

  it('is for members only', async () => {
    const outsider = await registerStudent(server.url, 'Outsider');
    expect(codeOf(await gql(server.url, SET_TYPING, { r: room, t: true }, outsider.token))).toBe('FORBIDDEN');
  });
});

describe('read receipts and unread counts', () => {
  it('counts others’ messages after the receipt, never moves backwards, and publishes moves', async () => {
    const fresh = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, alice.token, fresh);
    const aliceWs = wsClient(server.wsUrl, alice.token);
    await connected(aliceWs.client);
    const receipts = subscribe(
      aliceWs.client,
      'subscription($r: ID!) { receipts(roomId: $r) { lastReadSeq user { handle } } }',
      { r: fresh },
    );
    await new Promise((r) => setTimeout(r, 150));
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await send(server.url, alice.token, fresh, `note ${i}`));
    await send(server.url, admin.token, fresh, 'admin says hi');

    expect((await must(server.url, UNREAD, { r: fresh }, admin.token)).room).toEqual({
      unreadCount: 5,
      lastMessage: { seq: 6 },
    });
    expect((await must(server.url, UNREAD, { r: fresh }, alice.token)).room.unreadCount).toBe(1);

    const forward = await must(server.url, MARK, { r: fresh, m: sent[3].id }, admin.token);
    expect(forward.markRead.lastReadSeq).toBe(4);
    expect((await must(server.url, UNREAD, { r: fresh }, admin.token)).room.unreadCount).toBe(1);
    const backward = await must(server.url, MARK, { r: fresh, m: sent[1].id }, admin.token);
    expect(backward.markRead.lastReadSeq).toBe(4);
    const [event] = await receipts.take(1);
    expect(event.data.receipts).toEqual({ lastReadSeq: 4, user: { handle: admin.handle } });
    await new Promise((r) => setTimeout(r, 150));
    expect(receipts.events).toHaveLength(1);

    // Deleted messages no longer count as unread.
    await must(server.url, 'mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: sent[4].id }, alice.token);
    expect((await must(server.url, UNREAD, { r: fresh }, admin.token)).room.unreadCount).toBe(0);
    await aliceWs.dispose();
  });

  it('refuses a message of another room', async () => {
    const other = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const foreign = await send(server.url, admin.token, other, 'elsewhere');
    expect(codeOf(await gql(server.url, MARK, { r: room, m: foreign.id }, admin.token))).toBe('NOT_FOUND');
  });
});

describe('edits and deletions', () => {
  it('reach members through messageChanged', async () => {
    const bobWs = wsClient(server.wsUrl, bob.token);
    await connected(bobWs.client);
    const changes = subscribe(
      bobWs.client,
      'subscription($r: ID!) { messageChanged(roomId: $r) { seq body editedAt deletedAt } }',
      { r: room },
    );
    await new Promise((r) => setTimeout(r, 150));
    const sent = await send(server.url, alice.token, room, 'typo');
    await must(
      server.url,
      'mutation($id: ID!) { editMessage(id: $id, body: "fixed") { id } }',
      { id: sent.id },
      alice.token,
    );
    await must(server.url, 'mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: sent.id }, admin.token);
    const [edit, del] = await changes.take(2);
    expect(edit.data.messageChanged).toMatchObject({ seq: sent.seq, body: 'fixed', deletedAt: null });
    expect(del.data.messageChanged).toMatchObject({ seq: sent.seq, body: null });
    expect(del.data.messageChanged.deletedAt).toBeTruthy();
    await bobWs.dispose();
  });
});
