import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom, send, signInAdmin } from '../utils/actors.js';
import { connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { type Cluster, createCluster, eventually, failoverClient } from '../utils/instances.js';

// Real processes: draining on SIGTERM, and what their logs never contain.
const clusters: Cluster[] = [];
const cluster = () => {
  const created = createCluster();
  clusters.push(created);
  return created;
};
afterAll(async () => {
  await Promise.all(clusters.map((c) => c.cleanup()));
});

describe('SIGTERM drains', () => {
  it('server/main.ts closes open sockets with 1012 (Service Restart) and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-drain-'));
    const instance = await cluster().start({ entry: 'server/main.ts', env: { REDIS_URL: '', DATA_DIR: dataDir } });
    const admin = await signInAdmin(instance.url);
    const ws = wsClient(instance.wsUrl, admin.token);
    await connected(ws.client);
    instance.child.kill('SIGTERM');
    expect(await ws.closed).toBe(1012);
    expect(await instance.exited).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('with Redis: clients of the draining instance move to another one and miss nothing', async () => {
    const c = cluster();
    const x = await c.start();
    const y = await c.start();
    const admin = await signInAdmin(x.url);
    const room = await createRoom(x.url, admin.token, { kind: 'PUBLIC' });
    const first = await send(x.url, admin.token, room, 'first');
    const codes: number[] = [];
    const client = failoverClient([x.wsUrl, y.wsUrl], admin.token, { closed: (code) => void codes.push(code) });
    const payload = { query: 'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { id seq } }' };
    const variables = { r: room, a: first.id };
    const seqs: number[] = [];
    client.subscribe<{ messageAdded: { id: string; seq: number } }>(
      { ...payload, variables },
      {
        next: ({ data }) => {
          if (!data) return;
          seqs.push(data.messageAdded.seq);
          variables.a = data.messageAdded.id;
        },
        error: () => {},
        complete: () => {},
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    await send(x.url, admin.token, room, 'second');
    await eventually(() => seqs.length === 1, 'the second message');

    x.child.kill('SIGTERM');
    expect(await x.exited).toBe(0);
    expect(codes).toEqual([1012]);
    await send(y.url, admin.token, room, 'third');
    await eventually(() => seqs.length === 2, 'the third message, through the other instance');
    expect(seqs).toEqual([first.seq + 1, first.seq + 2]);
    const ready = await fetch(`${y.base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', redis: 'ok' } });
    await client.dispose();
  }, 30_000);
});

describe('logs', () => {
  it('carry request ids and outcomes, and never a token, a password or a message body', async () => {
    const instance = await cluster().start({ env: { LOG_LEVEL: 'debug' } });
    const password = 'zz-known-password-5813';
    const body = 'zz-known-message-body-2291';
    const register = await must(
      instance.url,
      'mutation Register($i: RegisterInput!) { register(input: $i) { token viewer { id handle } } }',
      { i: { handle: `logcheck${process.pid}`, password, displayName: 'Log Check' } },
    );
    const token: string = register.register.token;
    const handle: string = register.register.viewer.handle;
    const signIn = await gql(
      instance.url,
      'mutation SignIn($i: SignInInput!) { signIn(input: $i) { token } }',
      { i: { handle, password: `${password}-wrong` } },
      null,
      { 'x-request-id': 'trace-wrong-password' },
    );
    expect(signIn.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await signInAdmin(instance.url);
    const room = await createRoom(instance.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(instance.url, token, room);
    const ws = wsClient(instance.wsUrl, token);
    await connected(ws.client);
    const live = subscribe(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { body } }', { r: room });
    await new Promise((r) => setTimeout(r, 300));
    await send(instance.url, token, room, body);
    expect((await live.take(1))[0].data.messageAdded.body).toBe(body);
    // A bad request that echoes input back to the client must not echo it into the log.
    await gql(instance.url, `{ me { ${body} } }`, {}, token);
    await ws.dispose();
    instance.child.kill('SIGTERM');
    expect(await instance.exited).toBe(0);

    const output = instance.output();
    for (const secret of [password, token, body, admin.token]) expect(output).not.toContain(secret);
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.msg === 'graphql request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const line of requests) {
      expect(line).toMatchObject({ level: 'info', requestId: expect.any(String), status: expect.any(Number) });
      expect(line.durationMs).toBeTypeOf('number');
    }
    expect(requests).toContainEqual(expect.objectContaining({ operationName: 'Register', status: 200 }));
    expect(requests).toContainEqual(
      expect.objectContaining({
        requestId: 'trace-wrong-password',
        operationName: 'SignIn',
        errors: ['UNAUTHENTICATED'],
      }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ errors: ['BAD_USER_INPUT'] }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }));
  }, 30_000);
});
