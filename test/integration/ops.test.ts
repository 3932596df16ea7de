import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/ops/metrics.js';
import { opsRoutes } from '../../server/ops/routes.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { connected, gql, subscribe, wsClient } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.stop();
});

/** The value of one sample in Prometheus text format (0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('probes', () => {
  it('/healthz says alive; /readyz checks the store (and says Redis is not in use)', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', redis: 'disabled' } });
  });

  it('/readyz answers 503 naming what failed or did not answer in time', async () => {
    const probe = async (deps: Parameters<typeof opsRoutes>[0]) => {
      const routes = opsRoutes(deps);
      const http: Server = createServer((req, res) => void routes(req, res));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      try {
        const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/readyz`);
        return { status: response.status, body: await response.json() };
      } finally {
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      }
    };
    const metrics = createMetrics();
    const broken = { ping: () => Promise.reject(new Error('disk gone')) };
    const hanging = { ping: () => new Promise<void>(() => {}) };
    const fine = { ping: () => Promise.resolve() };
    expect(await probe({ store: broken, redis: fine, metrics, draining: () => false, timeoutMs: 200 })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: 'failed', redis: 'ok' } },
    });
    expect(await probe({ store: fine, redis: hanging, metrics, draining: () => false, timeoutMs: 200 })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: 'ok', redis: 'timeout' } },
    });
    expect(await probe({ store: fine, redis: fine, metrics, draining: () => true, timeoutMs: 200 })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: 'ok', redis: 'ok', server: 'draining' } },
    });
  });
});

describe('/metrics', () => {
  it('counts sockets, subscriptions, messages, deliveries with their latency, and errors by code', async () => {
    const before = await (await fetch(`${base}/metrics`)).text();
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const reader = await registerStudent(server.url, 'Reader');
    await joinRoom(server.url, reader.token, room);
    const ws = wsClient(server.wsUrl, reader.token);
    await connected(ws.client);
    const messages = subscribe(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { seq } }', { r: room });
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 3; i++) await send(server.url, admin.token, room, `metric ${i}`);
    await messages.take(3);
    await gql(server.url, '{ rooms { id } }', {}, 'not-a-real-token-0123456789');
    const outsider = await registerStudent(server.url, 'Outsider');
    await gql(server.url, 'mutation($r: ID!) { setTyping(roomId: $r, typing: true) }', { r: room }, outsider.token);

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const grew = (name: string, labels = '') => sample(text, name, labels) - sample(before, name, labels);
    expect(sample(text, 'mentor_chat_open_sockets')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mentor_chat_active_subscriptions')).toBeGreaterThanOrEqual(1);
    expect(grew('mentor_chat_messages_sent_total')).toBe(3);
    expect(grew('mentor_chat_deliveries_total', 'subscription="messageAdded"')).toBe(3);
    expect(grew('mentor_chat_delivery_latency_seconds_count')).toBe(3);
    expect(grew('mentor_chat_delivery_latency_seconds_bucket', 'le="5"')).toBe(3);
    expect(grew('mentor_chat_errors_total', 'code="UNAUTHENTICATED"')).toBeGreaterThanOrEqual(1);
    expect(
      grew('mentor_chat_errors_total', 'code="FORBIDDEN"') + grew('mentor_chat_errors_total', 'code="NOT_FOUND"'),
    ).toBe(1);
    // The default process metrics are there too.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    await ws.dispose();
  });

  it('counts errors sent over WebSocket by code', async () => {
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const stranger = await registerStudent(server.url, 'Stranger');
    const count = async () =>
      sample(await (await fetch(`${base}/metrics`)).text(), 'mentor_chat_errors_total', 'code="BAD_USER_INPUT"');
    const before = await count();
    const ws = wsClient(server.wsUrl, stranger.token);
    await connected(ws.client);
    const bad = subscribe(ws.client, 'subscription { nope }', { r: room });
    await bad.untilComplete();
    expect((await count()) - before).toBe(1);
    await ws.dispose();
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and replaces one that is not', async () => {
    const echo = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'lb-1234.abc' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(echo.headers.get('x-request-id')).toBe('lb-1234.abc');
    const replaced = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id\twith "quotes"' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
