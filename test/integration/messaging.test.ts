import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { codeOf, connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { openRawDatabase } from '../utils/raw-db.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;
let alice: Actor;
let room: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
  alice = await registerStudent(server.url, 'Alice');
  room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  await joinRoom(server.url, alice.token, room);
});
afterAll(async () => {
  await server.stop();
});

const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body clientId } }';
const PAGE = `query($r: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  room(id: $r) { messages(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { seq body } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;

describe('sending', () => {
  it('is idempotent on clientId: a retried send returns the first message and stores one', async () => {
    const fresh = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const input = { roomId: fresh, clientId: 'retry-1', body: 'only once' };
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => must(server.url, SEND, { i: input }, admin.token)));
    expect(b.sendMessage).toEqual(a.sendMessage);
    expect(c.sendMessage).toEqual(a.sendMessage);
    const page = await must(server.url, PAGE, { r: fresh }, admin.token);
    expect(page.room.messages.edges).toHaveLength(1);
  });

  it('trims the body and refuses empty and oversized bodies, storing nothing', async () => {
    const fresh = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const ok = await must(server.url, SEND, { i: { roomId: fresh, clientId: 'trim', body: '  hi  ' } }, admin.token);
    expect(ok.sendMessage.body).toBe('hi');
    for (const body of ['   ', 'x'.repeat(4001)]) {
      const refused = await gql(
        server.url,
        SEND,
        { i: { roomId: fresh, clientId: `bad-${body.length}`, body } },
        admin.token,
      );
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    }
    const exactly = await gql(
      server.url,
      SEND,
      { i: { roomId: fresh, clientId: 'max', body: '😀'.repeat(4000) } },
      admin.token,
    );
    expect(exactly.errors).toBeUndefined();
    const page = await must(server.url, PAGE, { r: fresh }, admin.token);
    expect(page.room.messages.edges.map((e: any) => e.node.seq)).toEqual([1, 2]);
  });

  it.each([
    ['an international phone number', 'call me on +44 20 7946 0958', 'phone number'],
    ['a local US phone number', 'my cell is (212) 736-5000', 'phone number'],
    ['a local UK phone number', 'ring 020 7946 0958 tonight', 'phone number'],
    ['an email address', 'write to jo.bloggs@example.org', 'email address'],
  ])('refuses %s in a public room and says why', async (_what, body, kind) => {
    const refused = await gql(server.url, SEND, { i: { roomId: room, clientId: `pii-${body}`, body } }, alice.token);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toContain(kind);
    expect(refused.errors?.[0].message).not.toContain(body.split(' ').at(-1));
  });

  it('allows ordinary numbers in public rooms', async () => {
    const ok = await gql(
      server.url,
      SEND,
      { i: { roomId: room, clientId: 'nums', body: 'Read pages 12-40 of chapter 3 by 2026' } },
      alice.token,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('lets authors edit and delete, leaving a tombstone', async () => {
    const sent = await send(server.url, alice.token, room, 'first draft');
    const edited = await must(
      server.url,
      'mutation($id: ID!) { editMessage(id: $id, body: "second draft") { body editedAt } }',
      { id: sent.id },
      alice.token,
    );
    expect(edited.editMessage.body).toBe('second draft');
    expect(edited.editMessage.editedAt).toBeTruthy();
    const notMine = await gql(
      server.url,
      'mutation($id: ID!) { editMessage(id: $id, body: "hijack") { id } }',
      { id: sent.id },
      admin.token,
    );
    expect(codeOf(notMine)).toBe('FORBIDDEN');
    const deleted = await must(
      server.url,
      'mutation($id: ID!) { deleteMessage(id: $id) { body deletedAt seq } }',
      { id: sent.id },
      alice.token,
    );
    expect(deleted.deleteMessage).toMatchObject({ body: null, seq: sent.seq });
    expect(deleted.deleteMessage.deletedAt).toBeTruthy();
  });
});

describe('history paging', () => {
  let paged: string;
  beforeAll(async () => {
    paged = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    for (let i = 1; i <= 25; i++) await send(server.url, admin.token, paged, `m${i}`);
  });

  it('pages forward with first/after, oldest first', async () => {
    const seqs: number[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await must(server.url, PAGE, { r: paged, first: 10, after }, admin.token);
      const conn = data.room.messages;
      seqs.push(...conn.edges.map((e: any) => e.node.seq));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('pages backward with last/before, each page oldest first', async () => {
    const first = await must(server.url, PAGE, { r: paged, last: 10 }, admin.token);
    expect(first.room.messages.edges.map((e: any) => e.node.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(first.room.messages.pageInfo.hasPreviousPage).toBe(true);
    const seqs: number[] = first.room.messages.edges.map((e: any) => e.node.seq);
    let before = first.room.messages.pageInfo.startCursor;
    for (;;) {
      const data: any = await must(server.url, PAGE, { r: paged, last: 10, before }, admin.token);
      const conn = data.room.messages;
      seqs.unshift(...conn.edges.map((e: any) => e.node.seq));
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('returns the newest 50 by default and refuses pages over 100', async () => {
    const data = await must(server.url, PAGE, { r: paged }, admin.token);
    expect(data.room.messages.edges).toHaveLength(25);
    const tooMany = await gql(server.url, PAGE, { r: paged, first: 101 }, admin.token);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});

describe('messageAdded catch-up seam', () => {
  it('delivers every message after `after` in seq order, then live ones, with no gap or duplicate while sends keep arriving', async () => {
    const seam = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, alice.token, seam);
    const history: { id: string; seq: number }[] = [];
    for (let i = 0; i < 30; i++) history.push(await send(server.url, admin.token, seam, `before ${i}`));
    const TOTAL = 150;
    // Keep sending from two authors while the subscription catches up.
    const sending = (async () => {
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < TOTAL - 30; i++) {
        const who = i % 2 ? admin : alice;
        jobs.push(send(server.url, who.token, seam, `during ${i}`));
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(jobs);
    })();
    const ws = wsClient(server.wsUrl, alice.token);
    await connected(ws.client);
    const sub = subscribe(
      ws.client,
      'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { seq } }',
      {
        r: seam,
        a: history[4].id,
      },
    );
    await sending;
    const events = await sub.take(TOTAL - 5, 15_000);
    const seqs = events.map((e) => e.data.messageAdded.seq);
    expect(seqs).toEqual(Array.from({ length: TOTAL - 5 }, (_, i) => i + 6));
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.events).toHaveLength(TOTAL - 5);
    await ws.dispose();
  });

  // MongoDB takes a seq (an $inc on the room) before it inserts the message. Done here by hand
  // on the SQLite file: the room's counter moves on while that message is not stored yet.
  it.each([
    ['a room with messages', 2],
    ['an empty room', 0],
  ])(
    'without `after`, starts from the newest stored message in %s: one numbered but not yet stored still arrives',
    async (_, before) => {
      const fresh = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
      const roomId = localId(fresh, 'Room');
      for (let i = 1; i <= before; i++) await send(server.url, admin.token, fresh, `message ${i}`);
      const db = openRawDatabase(server.dataDir);
      const ws = wsClient(server.wsUrl, admin.token);
      try {
        db.prepare('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ?').run(roomId);
        await connected(ws.client);
        const sub = subscribe(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { seq body } }', {
          r: fresh,
        });
        await new Promise((r) => setTimeout(r, 150));
        // The numbered message lands (its event is lost with the instance that numbered it), then
        // the next one is sent: the feed fills the hole before it from the store.
        const userId = db.prepare('SELECT created_by FROM rooms WHERE id = ?').pluck().get(roomId);
        db.prepare(`
        INSERT INTO messages (id, room_id, author_id, kind, seq, client_id, body, encrypted, created_at)
        VALUES (?, ?, ?, 'USER', ?, 'numbered-first', 'numbered first', NULL, ?)`).run(
          randomUUID(),
          roomId,
          userId,
          before + 1,
          Date.now(),
        );
        await send(server.url, admin.token, fresh, 'sent next');
        const events = await sub.take(2);
        expect(events.map((e) => e.data.messageAdded)).toEqual([
          { seq: before + 1, body: 'numbered first' },
          { seq: before + 2, body: 'sent next' },
        ]);
      } finally {
        await ws.dispose();
        db.close();
      }
    },
  );

  it('accepts a cursor as `after` and refuses a message of another room', async () => {
    const other = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const foreign = await send(server.url, admin.token, other, 'elsewhere');
    const ws = wsClient(server.wsUrl, admin.token);
    await connected(ws.client);
    const first = await must(server.url, PAGE, { r: room, first: 1 }, admin.token);
    const cursor = first.room.messages.edges[0].cursor;
    const sub = subscribe(
      ws.client,
      'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { seq } }',
      { r: room, a: cursor },
    );
    const [event] = await sub.take(1);
    expect(event.data.messageAdded.seq).toBe(2);
    const bad = subscribe(
      ws.client,
      'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { seq } }',
      { r: room, a: foreign.id },
    );
    const [refusal] = await bad.take(1).catch(async () => {
      await bad.untilComplete();
      return [{ errors: (bad.error as any[]) ?? [] }];
    });
    expect((refusal as any).errors?.[0]?.extensions?.code ?? (bad.error as any)?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    await ws.dispose();
  });
});
