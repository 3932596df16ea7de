import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_AFTER_USES } from '../../server/execution/compiled-execution.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

// A document runs interpreted for its first uses and compiled (graphql-jit) after: through the
// real server, over HTTP and WebSocket, what a caller gets must not change at the switch.

let server: TestServer;
let admin: Actor;
let alice: Actor;
let room: string;
const USES = COMPILE_AFTER_USES + 2;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
  alice = await registerStudent(server.url, 'Alice');
  room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  await joinRoom(server.url, alice.token, room);
  for (let i = 1; i <= 5; i++) await send(server.url, admin.token, room, `message ${i}`);
});
afterAll(async () => {
  await server.stop();
});

describe('compiled execution', () => {
  it('answers a history page the same before and after the document is compiled', async () => {
    const PAGE = `query CompiledPage($r: ID!, $last: Int) {
      room(id: $r) { name messages(last: $last) { edges { cursor node { id seq body author { handle } } }
        pageInfo { hasPreviousPage startCursor } } } }`;
    const pages = [];
    for (let i = 0; i < USES; i++) pages.push(await gql(server.url, PAGE, { r: room, last: 3 }, alice.token));
    for (const page of pages) expect(page).toEqual(pages[0]);
    expect(pages[0].errors).toBeUndefined();
    expect(pages[0].data?.room.messages.edges.map((e: any) => e.node.body)).toEqual([
      'message 3',
      'message 4',
      'message 5',
    ]);
  });

  it('refuses the same way compiled, storing nothing', async () => {
    const closed = await createRoom(server.url, admin.token, { kind: 'PRIVATE' });
    const SEND = 'mutation CompiledSend($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }';
    const refusals = [];
    for (let i = 0; i < USES; i++) {
      const refused = await gql(
        server.url,
        SEND,
        { i: { roomId: closed, clientId: `x${i}`, body: 'hi' } },
        alice.token,
      );
      refusals.push({ data: refused.data, errors: refused.errors });
    }
    for (const refusal of refusals) expect(refusal).toEqual(refusals[0]);
    expect(refusals[0].errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((refusals[0].errors?.[0] as { locations?: unknown } | undefined)?.locations).toEqual([
      { line: 1, column: 48 },
    ]);
    const page = await must(
      server.url,
      'query($r: ID!) { room(id: $r) { lastMessage { seq } } }',
      { r: closed },
      admin.token,
    );
    expect(page.room.lastMessage).toBeNull();
  });

  it('sends over WebSocket the same way compiled: one message per send, in order', async () => {
    const socket = wsClient(server.wsUrl, alice.token);
    try {
      const SEND =
        'mutation CompiledWsSend($i: SendMessageInput!) { sendMessage(input: $i) { seq body author { handle } } }';
      const results: { seq: number; body: string; author: { handle: string } }[] = [];
      for (let i = 0; i < USES; i++) {
        const op = subscribe(socket.client, SEND, { i: { roomId: room, clientId: `ws-${i}`, body: `over ws ${i}` } });
        results.push((await op.take(1))[0].data?.sendMessage);
      }
      expect(results.map((r) => r.body)).toEqual(Array.from({ length: USES }, (_, i) => `over ws ${i}`));
      expect(results.map((r) => r.seq)).toEqual(Array.from({ length: USES }, (_, i) => results[0].seq + i));
      expect(new Set(results.map((r) => r.author.handle)).size).toBe(1);
    } finally {
      await socket.dispose();
    }
  });
});
