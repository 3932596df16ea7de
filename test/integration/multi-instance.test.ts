import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPING_EXPIRY_MS } from '../../server/typing/typing.service.js';
import { createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { type Cluster, createCluster, eventually, failoverClient, type Instance } from '../utils/instances.js';

// Two real server processes (and a third one to kill) over one SQLite file and the local Redis.
let cluster: Cluster;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  cluster = createCluster();
  // One after the other: the first one creates and migrates the database file.
  a = await cluster.start();
  b = await cluster.start();
}, 60_000);
afterAll(async () => {
  await cluster?.cleanup();
});

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
const MESSAGES = 'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { id seq body } }';
const TYPING = 'subscription($r: ID!) { typing(roomId: $r) { typing user { id } } }';
const RECEIPTS = 'subscription($r: ID!) { receipts(roomId: $r) { lastReadSeq user { id } } }';

describe('several instances act as one', () => {
  it('a client on A sees messages, typing and receipts from a client on B, each exactly once', async () => {
    const admin = await signInAdmin(a.url);
    const room = await createRoom(a.url, admin.token, { kind: 'PUBLIC' });
    const alice = await registerStudent(a.url, 'Alice');
    const bob = await registerStudent(b.url, 'Bob');
    await joinRoom(a.url, alice.token, room);
    await joinRoom(b.url, bob.token, room);
    const first = await send(b.url, bob.token, room, 'before anyone listened');

    const ws = wsClient(a.wsUrl, alice.token);
    await connected(ws.client);
    const messages = subscribe(ws.client, MESSAGES, { r: room, a: first.id });
    const typing = subscribe(ws.client, TYPING, { r: room });
    const receipts = subscribe(ws.client, RECEIPTS, { r: room });
    await settle();

    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await send(b.url, bob.token, room, `from B #${i}`));
    await must(
      b.url,
      'mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, typing: $t) }',
      { r: room, t: true },
      bob.token,
    );
    await must(
      b.url,
      'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }',
      { r: room, m: sent[4].id },
      bob.token,
    );

    await messages.take(5);
    await typing.take(1);
    await receipts.take(1);
    // Typing expires on B, the instance that received setTyping; A relays B's single "false".
    await typing.take(2, TYPING_EXPIRY_MS + 3_000);
    await settle(500);
    expect(messages.events.map((e) => e.data.messageAdded.seq)).toEqual(sent.map((m) => m.seq));
    expect(messages.events.map((e) => e.data.messageAdded.body)).toEqual(sent.map((m) => m.body));
    expect(typing.events.map((e) => e.data.typing)).toEqual([
      { typing: true, user: { id: bob.id } },
      { typing: false, user: { id: bob.id } },
    ]);
    expect(receipts.events.map((e) => e.data.receipts)).toEqual([{ lastReadSeq: sent[4].seq, user: { id: bob.id } }]);
    // The messages crossed Redis as JSON and still carry real Dates on A: the latency is measured.
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(Number(/^mentor_chat_delivery_latency_seconds_count (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(5);
    await ws.dispose();
  }, 30_000);

  it('signOut on A closes the same token sockets on B with 4403', async () => {
    const carol = await registerStudent(a.url, 'Carol');
    const onB = wsClient(b.wsUrl, carol.token);
    await connected(onB.client);
    await must(a.url, 'mutation { signOut }', {}, carol.token);
    expect(await onB.closed).toBe(4403);
  });

  it('kill -9 of an instance: its clients move to another and catch up, losing and duplicating nothing', async () => {
    const c = await cluster.start();
    const admin = await signInAdmin(b.url);
    const room = await createRoom(b.url, admin.token, { kind: 'PUBLIC' });
    const [writerOnB, writerOnC, ...readers] = await Promise.all(
      ['Writer B', 'Writer C', 'Reader 1', 'Reader 2', 'Reader 3', 'Reader 4'].map((name) =>
        registerStudent(b.url, name),
      ),
    );
    for (const user of [writerOnB, writerOnC, ...readers]) await joinRoom(b.url, user.token, room);
    const first = await send(b.url, admin.token, room, 'the start');

    // Each reader connects to C first and, when C is gone, to the next instance in the list.
    // Like the widget, it resumes after the last message it saw: graphql-ws re-sends the same
    // subscribe payload on reconnect, so keeping `after` current in it is enough.
    const clients: Client[] = [];
    const seen = readers.map(() => [] as number[]);
    const connects = readers.map(() => 0);
    readers.forEach((reader, i) => {
      const client = failoverClient([c.wsUrl, b.wsUrl], reader.token, { connected: () => void connects[i]++ });
      clients.push(client);
      const payload = { query: MESSAGES, variables: { r: room, a: first.id } };
      client.subscribe<{ messageAdded: { id: string; seq: number } }>(payload, {
        next: ({ data }) => {
          if (!data) return;
          seen[i].push(data.messageAdded.seq);
          payload.variables.a = data.messageAdded.id;
        },
        error: () => {},
        complete: () => {},
      });
    });
    await eventually(() => connects.every((n) => n === 1), 'readers connected to C');
    await settle();

    // Two writers: one on B, one on C that fails over to B, retrying with the same clientId
    // (a send that C committed just before dying comes back as the same message, not a second).
    let writing = true;
    const write = async (targets: string[], token: string, label: string) => {
      let target = 0;
      for (let i = 0; writing; i++) {
        const clientId = `${label}-${i}-${randomUUID()}`;
        for (;;) {
          try {
            const response = await gql(
              targets[target],
              'mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }',
              { i: { roomId: room, clientId, body: `${label} #${i}` } },
              token,
            );
            if (response.errors) throw new Error(JSON.stringify(response.errors));
            break;
          } catch {
            target = Math.min(target + 1, targets.length - 1);
            await settle(50);
          }
        }
        await settle(15);
      }
    };
    const writers = [write([b.url], writerOnB.token, 'B'), write([c.url, b.url], writerOnC.token, 'C')];
    await settle(1_500);
    c.child.kill('SIGKILL');
    await c.exited;
    await settle(1_500);
    writing = false;
    await Promise.all(writers);

    const history = await must(
      b.url,
      'query($r: ID!) { room(id: $r) { lastMessage { seq } } }',
      { r: room },
      admin.token,
    );
    const last: number = history.room.lastMessage.seq;
    const expected = Array.from({ length: last - first.seq }, (_, k) => first.seq + 1 + k);
    expect(last).toBeGreaterThan(first.seq + 20);
    await eventually(() => seen.every((list) => list.length >= expected.length), 'every reader caught up', 15_000);
    await settle(500);
    for (const list of seen) expect(list).toEqual(expected);
    // Every reader did move: connected to C, then (at least once more) to B.
    for (const n of connects) expect(n).toBeGreaterThanOrEqual(2);
    await Promise.all(clients.map((client) => client.dispose()));
  }, 60_000);
});
