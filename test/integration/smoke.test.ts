import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { connected, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('smoke', () => {
  it('sends and receives over graphql-ws', async () => {
    const admin = await signInAdmin(server.url);
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const alice = await registerStudent(server.url, 'Alice');
    await joinRoom(server.url, alice.token, room);
    const ws = wsClient(server.wsUrl, alice.token);
    await connected(ws.client);
    const sub = subscribe(
      ws.client,
      'subscription($r: ID!) { messageAdded(roomId: $r) { seq body author { handle } } }',
      { r: room },
    );
    await new Promise((r) => setTimeout(r, 100));
    await send(server.url, admin.token, room, 'hello');
    const [event] = await sub.take(1);
    expect(event.data?.messageAdded).toEqual({ seq: 1, body: 'hello', author: { handle: 'admin' } });
    await ws.dispose();
  });
});
