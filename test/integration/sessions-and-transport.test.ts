import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashToken } from '../../server/auth/tokens.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { codeOf, connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const ME = '{ me { handle } }';

describe('token revocation', () => {
  it('signOut revokes the token over HTTP and closes its open sockets with 4403', async () => {
    const alice = await registerStudent(server.url, 'Alice');
    const other = await must(
      server.url,
      `mutation { signIn(input: { handle: "${alice.handle}", password: "student-password" }) { token } }`,
    );
    const ws = wsClient(server.wsUrl, alice.token);
    const otherWs = wsClient(server.wsUrl, other.signIn.token);
    await Promise.all([connected(ws.client), connected(otherWs.client)]);
    expect(await must(server.url, 'mutation { signOut }', {}, alice.token)).toEqual({ signOut: true });
    expect(await ws.closed).toBe(4403);
    const after = await gql(server.url, ME, {}, alice.token);
    expect(after.data?.me ?? null).toBeNull();
    expect(codeOf(await gql(server.url, 'mutation { signOut }', {}, alice.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(server.url, '{ rooms { id } }', {}, alice.token))).toBe('UNAUTHENTICATED');
    // The same user's other session is untouched.
    expect((await must(server.url, ME, {}, other.signIn.token)).me.handle).toBe(alice.handle);
    await otherWs.dispose();
  });

  it('closes a socket opened with a revoked or expired token with 4403', async () => {
    const bob = await registerStudent(server.url, 'Bob');
    await must(server.url, 'mutation { signOut }', {}, bob.token);
    expect(await wsClient(server.wsUrl, bob.token).closed).toBe(4403);

    const carol = await registerStudent(server.url, 'Carol');
    const expired = 'expired-token-for-carol-0123456789';
    await server.store.createSession({
      tokenHash: hashToken(expired),
      userId: (await server.store.getUserByHandle(carol.handle))!.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await wsClient(server.wsUrl, expired).closed).toBe(4403);
    expect((await gql(server.url, ME, {}, expired)).data?.me).toBeNull();
  });

  it('closes a socket whose token expires while it is open, at its next operation', async () => {
    const dave = await registerStudent(server.url, 'Dave');
    const token = 'short-lived-token-for-dave-012345';
    const userId = (await server.store.getUserByHandle(dave.handle))!.id;
    await server.store.createSession({ tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + 400) });
    const ws = wsClient(server.wsUrl, token);
    await connected(ws.client);
    await new Promise((r) => setTimeout(r, 600));
    subscribe(ws.client, '{ me { handle } }');
    expect(await ws.closed).toBe(4403);
  });
});

describe('origins and limits', () => {
  it('refuses WebSockets from origins that are not allowed', async () => {
    const foreign = wsClient(server.wsUrl, admin.token, { origin: 'https://evil.example' });
    const code = await foreign.closed;
    expect(code).not.toBe(1000);
    const allowed = wsClient(server.wsUrl, admin.token, { origin: 'http://portal.test' });
    await connected(allowed.client);
    await allowed.dispose();
    // The raw upgrade is answered 403.
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', { origin: 'https://evil.example' });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    expect(status).toBe(403);
  });

  it('gives CORS headers only to allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const good = await preflight('http://portal.test');
    expect(good.headers.get('access-control-allow-origin')).toBe('http://portal.test');
    expect(good.headers.get('access-control-allow-credentials')).toBe('true');
    const bad = await preflight('https://evil.example');
    expect(bad.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(bad.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('refuses bodies over the limit and queries past the depth limit', async () => {
    const big = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { handle } } # ${'x'.repeat(200_000)}` }),
    });
    expect(big.status).toBe(413);
    const deep = `{ rooms { messages { edges { node { room { messages { edges { node { room { messages { edges { node { room { name } } } } } } } } } } } } } }`;
    expect(codeOf(await gql(server.url, deep, {}, admin.token))).toBe('BAD_USER_INPUT');
  });
});

describe('persistence', () => {
  it('keeps users, rooms, messages and receipts across a restart; clients catch up with `after`', async () => {
    const erin = await registerStudent(server.url, 'Erin');
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, erin.token, room);
    const first = await send(server.url, erin.token, room, 'before restart');
    await must(
      server.url,
      'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }',
      { r: room, m: first.id },
      admin.token,
    );

    const ws = wsClient(server.wsUrl, erin.token, { retry: true });
    await connected(ws.client);
    await server.restart();
    // Let the HTTP client see its pooled keep-alive connections close.
    await new Promise((r) => setTimeout(r, 100));
    await send(server.url, admin.token, room, 'missed while away');
    await send(server.url, admin.token, room, 'also missed');
    // A reconnecting client resumes after the last message it saw.
    const sub = subscribe(
      ws.client,
      'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { seq body } }',
      { r: room, a: first.id },
    );
    const events = await sub.take(2, 10_000);
    expect(events.map((e) => e.data.messageAdded)).toEqual([
      { seq: 2, body: 'missed while away' },
      { seq: 3, body: 'also missed' },
    ]);
    const data = await must(
      server.url,
      'query($r: ID!) { room(id: $r) { unreadCount messages { edges { node { body author { handle } } } } } }',
      { r: room },
      admin.token,
    );
    expect(data.room.messages.edges.map((e: any) => e.node.body)).toEqual([
      'before restart',
      'missed while away',
      'also missed',
    ]);
    expect(data.room.unreadCount).toBe(0);
    expect((await must(server.url, ME, {}, erin.token)).me.handle).toBe(erin.handle);
    await ws.dispose();
  });
});
