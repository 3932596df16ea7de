/**
 * Encryption at rest for plaintext rooms: with DATA_ENCRYPTION_KEY, bodies are sealed in the
 * database and intact through the API (query, subscription, edit); keys rotate with
 * DATA_ENCRYPTION_KEYS_OLD and `npm run rotate-data-key`; without a key the server says so.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataKey } from '../../server/at-rest/keyring.js';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, registerStudent, send, signInAdmin, userWithRole } from '../utils/actors.js';
import { connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { type NodeProcess, startNodeProcess } from '../utils/node-process.js';
import { openRawDatabase, rawDatabaseContains } from '../utils/raw-db.js';
import { expectOk, expectRefused } from '../utils/refusals.js';
import { startTestServer, TEST_ADMIN, type TestServer } from '../utils/test-server.js';

const newKey = () => randomBytes(32).toString('base64');
const SEALED = /^mc1:[0-9a-f]{12}:[A-Za-z0-9+/]+={0,2}$/;

const processes: NodeProcess[] = [];
afterEach(() => {
  for (const { child } of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Stored bodies of a room, straight from the file. */
function rawBodies(dataDir: string, roomId: string): string[] {
  const db = openRawDatabase(dataDir);
  try {
    const rows = db.prepare('SELECT body FROM messages WHERE room_id = ? ORDER BY seq').all(localId(roomId, 'Room'));
    return (rows as { body: string }[]).map((r) => r.body);
  } finally {
    db.close();
  }
}

const bodiesOf = async (url: string, token: string, room: string) => {
  const response = await gql(
    url,
    'query($r: ID!) { room(id: $r) { messages(first: 50) { edges { node { body } } } } }',
    {
      r: room,
    },
    token,
  );
  return { response, bodies: response.data?.room?.messages.edges.map((e: { node: { body: string } }) => e.node.body) };
};

describe('with DATA_ENCRYPTION_KEY set', () => {
  let server: TestServer;
  let mentor: Actor;
  let student: Actor;
  const key = newKey();
  beforeAll(async () => {
    server = await startTestServer({ DATA_ENCRYPTION_KEY: key });
    [mentor, student] = await Promise.all([userWithRole(server.url, 'MENTOR'), registerStudent(server.url)]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('stores bodies sealed; query, subscription and edit see them intact; the raw file never holds them', async () => {
    const SAID = 'Marmalade-kite: my brother moved out and the house is too quiet.';
    const EDITED = 'Marmalade-kite, edited: the house is quiet but I am coping.';
    const room = await createRoom(server.url, mentor.token, { kind: 'PRIVATE', memberIds: [student.id] });
    const ws = wsClient(server.wsUrl, mentor.token);
    await connected(ws.client);
    const added = subscribe(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { body } }', { r: room });
    const changed = subscribe(ws.client, 'subscription($r: ID!) { messageChanged(roomId: $r) { body editedAt } }', {
      r: room,
    });
    await new Promise((r) => setTimeout(r, 150));

    const sent = await send(server.url, student.token, room, `  ${SAID}  `);
    expect(sent.body).toBe(SAID);
    expect((await added.take(1))[0].data?.messageAdded.body).toBe(SAID);
    expect((await bodiesOf(server.url, mentor.token, room)).bodies).toEqual([SAID]);
    const last = await must(
      server.url,
      'query($r: ID!) { room(id: $r) { lastMessage { body } } }',
      { r: room },
      student.token,
    );
    expect(last.room.lastMessage.body).toBe(SAID);

    // Editing to the same text is no change: the comparison is on plaintext, not on sealed bytes.
    const EDIT = 'mutation($m: ID!, $b: String!) { editMessage(id: $m, body: $b) { body editedAt } }';
    expect(expectOk(await gql(server.url, EDIT, { m: sent.id, b: SAID }, student.token))).toEqual({
      editMessage: { body: SAID, editedAt: null },
    });
    const edited = expectOk(await gql(server.url, EDIT, { m: sent.id, b: EDITED }, student.token));
    expect(edited.editMessage.body).toBe(EDITED);
    expect((await changed.take(1))[0].data?.messageChanged.body).toBe(EDITED);
    expect((await bodiesOf(server.url, student.token, room)).bodies).toEqual([EDITED]);
    await ws.dispose();

    const [stored] = rawBodies(server.dataDir, room);
    expect(stored).toMatch(SEALED);
    expect(stored).toContain(`mc1:${dataKey(key).id}:`);
    for (const text of ['Marmalade-kite', 'house is too quiet', 'I am coping']) {
      expect(rawDatabaseContains(server.dataDir, text)).toBe(false);
    }
  });

  it('the contact-details guard still reads the plaintext: a phone number in a PUBLIC room is refused', async () => {
    const admin = await signInAdmin(server.url);
    const lobby = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const refused = await gql(
      server.url,
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
      { i: { roomId: lobby, clientId: 'pii', body: 'Text me on 020 7946 0018' } },
      admin.token,
    );
    expectRefused(refused, 'BAD_USER_INPUT');
    expect(rawBodies(server.dataDir, lobby)).toEqual([]);
  });
});

describe('key rotation', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-rotate-'));
  const [k1, k2] = [newKey(), newKey()];
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** One server life on the shared data directory: `work` runs while it is up. */
  async function withServer<T>(env: Record<string, string>, work: (server: TestServer) => Promise<T>): Promise<T> {
    const server = await startTestServer(env, dataDir);
    try {
      return await work(server);
    } finally {
      await server.stop();
    }
  }

  function rotate(env: Record<string, string>, args: string[] = []) {
    const proc = startNodeProcess('server/tools/rotate-data-key.ts', { DATA_DIR: dataDir, ...env }, args);
    processes.push(proc);
    return proc;
  }

  it('old rows stay readable; rotate-data-key re-seals every row under the new key, idempotently', async () => {
    let room = '';
    let token = '';
    // 1. No key: stored in clear.
    await withServer({}, async (server) => {
      const admin = await signInAdmin(server.url);
      token = admin.token;
      room = await createRoom(server.url, token, { kind: 'PRIVATE' });
      await send(server.url, token, room, 'One, from the days in clear: heron-1.');
    });
    expect(rawBodies(dataDir, room)[0]).toBe('One, from the days in clear: heron-1.');
    // 2. Key k1: new rows sealed, the clear row still readable.
    await withServer({ DATA_ENCRYPTION_KEY: k1 }, async (server) => {
      await send(server.url, token, room, 'Two, under the first key: heron-2.');
      expect((await bodiesOf(server.url, token, room)).bodies).toHaveLength(2);
    });
    // 3. k2 without the old key: a k1 row cannot be opened, and the server says so instead of showing ciphertext.
    await withServer({ DATA_ENCRYPTION_KEY: k2 }, async (server) => {
      const { response } = await bodiesOf(server.url, token, room);
      expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response)).not.toContain('mc1:');
    });
    // 4. k2 with k1 as old: every row readable before rotation; new rows under k2.
    await withServer({ DATA_ENCRYPTION_KEY: k2, DATA_ENCRYPTION_KEYS_OLD: k1 }, async (server) => {
      await send(server.url, token, room, 'Three, under the second key: heron-3.');
      expect((await bodiesOf(server.url, token, room)).bodies).toEqual([
        'One, from the days in clear: heron-1.',
        'Two, under the first key: heron-2.',
        'Three, under the second key: heron-3.',
      ]);
    });
    const prefixes = () => rawBodies(dataDir, room).map((b) => /^mc1:([0-9a-f]{12}):/.exec(b)?.[1] ?? 'clear');
    expect(prefixes()).toEqual(['clear', dataKey(k1).id, dataKey(k2).id]);

    // 5. Rotation, through the command, with the servers stopped.
    const first = rotate({ DATA_ENCRYPTION_KEY: k2, DATA_ENCRYPTION_KEYS_OLD: k1 }, ['--vacuum']);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/1 rooms, 3 messages, 2 re-sealed under [0-9a-f]{12}/);
    expect(prefixes()).toEqual([dataKey(k2).id, dataKey(k2).id, dataKey(k2).id]);
    expect(rawDatabaseContains(dataDir, 'heron-1')).toBe(false);
    const again = rotate({ DATA_ENCRYPTION_KEY: k2, DATA_ENCRYPTION_KEYS_OLD: k1 });
    expect(await again.exited).toBe(0);
    expect(again.output()).toMatch(/3 messages, 0 re-sealed/);

    // 6. The old key can go.
    await withServer({ DATA_ENCRYPTION_KEY: k2 }, async (server) => {
      expect((await bodiesOf(server.url, token, room)).bodies).toEqual([
        'One, from the days in clear: heron-1.',
        'Two, under the first key: heron-2.',
        'Three, under the second key: heron-3.',
      ]);
    });
  });

  it('refuses to run without a current key, and stops (exit 1) on a row whose key is not configured', async () => {
    const noKey = rotate({});
    expect(await noKey.exited).toBe(1);
    expect(noKey.output()).toMatch(/configuration error: set DATA_ENCRYPTION_KEY/);
    const missingOld = rotate({ DATA_ENCRYPTION_KEY: newKey() });
    expect(await missingOld.exited).toBe(1);
    expect(missingOld.output()).toMatch(/not configured: add that key to DATA_ENCRYPTION_KEYS_OLD/);
  });
});

describe('the server process', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const start = (env: Record<string, string>) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-atrest-'));
    dirs.push(dataDir);
    const proc = startNodeProcess('server/main.ts', {
      PORT: '0',
      DATA_DIR: dataDir,
      ADMIN_HANDLE: TEST_ADMIN.handle,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
    });
    processes.push(proc);
    return proc;
  };

  it('says at start-up, in one line, that bodies are stored in clear without the key', async () => {
    const proc = start({ DATA_ENCRYPTION_KEY: '' });
    const output = await proc.waitFor(/stored in clear/);
    expect(output.split('\n').filter((line) => /stored in clear/.test(line))).toHaveLength(1);
    expect(output).toMatch(/set DATA_ENCRYPTION_KEY/);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('says they are sealed, naming the key by its id only, when the key is set', async () => {
    const key = newKey();
    const proc = start({ DATA_ENCRYPTION_KEY: key });
    const output = await proc.waitFor(/sealed at rest/);
    expect(output).toContain(dataKey(key).id);
    expect(output).not.toContain(key);
    expect(output).not.toMatch(/stored in clear/);
  });

  it.each([
    [{ DATA_ENCRYPTION_KEY: 'too-short' }, /DATA_ENCRYPTION_KEY must be 32 random bytes in base64/],
    [{ DATA_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /32 random bytes in base64 .*got 16 bytes/],
    [{ DATA_ENCRYPTION_KEYS_OLD: newKey() }, /DATA_ENCRYPTION_KEYS_OLD needs DATA_ENCRYPTION_KEY/],
    [{ DATA_ENCRYPTION_KEY: newKey(), DATA_ENCRYPTION_KEYS_OLD: `${newKey()},nope` }, /KEYS_OLD entry 2 must be/],
  ])('refuses %j with a clear message and exit code 1', async (env, message) => {
    const proc = start(env);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/configuration error/);
    expect(proc.output()).toMatch(message);
  });
});
