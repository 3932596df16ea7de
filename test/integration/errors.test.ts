/**
 * Every error code of the contract where it belongs, over HTTP and graphql-ws, and nothing
 * else: GraphQL's own failures (parse, validation, variables) answer BAD_USER_INPUT, never
 * GRAPHQL_VALIDATION_FAILED and the like; messages carry no stack, SQL, path or anyone's data.
 * RATE_LIMITED is not built yet, so nothing here expects it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, signInAdmin, userWithRole } from '../utils/actors.js';
import { connected, type GraphQLResponse, gql, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { CONTRACT_CODES, type ContractCode, expectOk, expectRefused, missingId, wsRefusal } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;
let student: Actor;
let mentor: Actor;
let publicRoom: string;
let encryptedRoom: string;
let socket: WsHandle;
beforeAll(async () => {
  server = await startTestServer();
  [admin, student, mentor] = await Promise.all([
    signInAdmin(server.url),
    registerStudent(server.url),
    userWithRole(server.url, 'MENTOR'),
  ]);
  publicRoom = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
  await joinRoom(server.url, student.token, publicRoom);
  encryptedRoom = await createRoom(server.url, mentor.token, {
    kind: 'PRIVATE',
    encrypted: true,
    memberIds: [student.id],
  });
  socket = wsClient(server.wsUrl, student.token);
  await connected(socket.client);
});
afterAll(async () => {
  await socket.dispose();
  await server.stop();
});

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { token } }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';
const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const ROOM = 'query($r: ID!) { room(id: $r) { id } }';
let n = 0;
const fresh = () => `e${process.pid}n${++n}`;
const register = (input: Partial<{ handle: string; password: string; displayName: string }>) =>
  gql(server.url, REGISTER, { i: { handle: fresh(), password: 'long-enough-pw', displayName: 'Someone', ...input } });
const sendAs = (token: string, input: Record<string, unknown>) =>
  gql(server.url, SEND, { i: { clientId: fresh(), ...input } }, token);
const PAYLOAD = {
  v: 1,
  keyVersion: 1,
  senderDeviceId: 'device',
  nonce: Buffer.alloc(24).toString('base64'),
  ciphertext: Buffer.alloc(32).toString('base64'),
  signature: Buffer.alloc(64).toString('base64'),
};

describe('UNAUTHENTICATED', () => {
  it('signed out, or with a token the server never issued', async () => {
    expectRefused(await gql(server.url, '{ rooms { id } }'), 'UNAUTHENTICATED');
    expectRefused(await gql(server.url, '{ rooms { id } }', {}, 'x'.repeat(43)), 'UNAUTHENTICATED');
  });

  it('a wrong password and a wrong handle give the same error, naming neither', async () => {
    const wrongPassword = expectRefused(
      await gql(server.url, SIGN_IN, { i: { handle: student.handle, password: 'not-the-password' } }),
      'UNAUTHENTICATED',
      [student.handle],
    );
    const wrongHandle = expectRefused(
      await gql(server.url, SIGN_IN, { i: { handle: 'nobody-here', password: 'not-the-password' } }),
      'UNAUTHENTICATED',
      ['nobody-here'],
    );
    expect(wrongHandle).toEqual(wrongPassword);
  });
});

describe('FORBIDDEN', () => {
  it.each([
    [
      'a student creates a PUBLIC room',
      () => gql(server.url, 'mutation { createRoom(input: { name: "x", kind: PUBLIC }) { id } }', {}, student.token),
    ],
    [
      'a student changes a role',
      () =>
        gql(
          server.url,
          'mutation($u: ID!) { setUserRole(userId: $u, role: ADMIN) { id } }',
          { u: student.id },
          student.token,
        ),
    ],
    ['a mentor posts in a PUBLIC room without joining', () => sendAs(mentor.token, { roomId: publicRoom, body: 'hi' })],
  ])('%s', async (_what, call) => {
    expectRefused(await call(), 'FORBIDDEN');
  });
});

describe('NOT_FOUND', () => {
  it.each([
    ['sendMessage to a missing room', () => sendAs(student.token, { roomId: missingId('Room'), body: 'hi' })],
    [
      'deleteMessage of a missing message',
      () =>
        gql(server.url, 'mutation($m: ID!) { deleteMessage(id: $m) { id } }', { m: missingId('Message') }, admin.token),
    ],
    [
      'setUserRole of a missing user',
      () =>
        gql(
          server.url,
          'mutation($u: ID!) { setUserRole(userId: $u, role: MENTOR) { id } }',
          { u: missingId('User') },
          admin.token,
        ),
    ],
    [
      'joinRoom with an id that is not a global id',
      () => gql(server.url, 'mutation { joinRoom(roomId: "not-an-id") { id } }', {}, student.token),
    ],
    [
      'joinRoom with the id of a user',
      () => gql(server.url, 'mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: student.id }, student.token),
    ],
  ])('%s', async (_what, call) => {
    expectRefused(await call(), 'NOT_FOUND');
  });

  it.each(['not-an-id', 'Um9vbTo=', '%%%', missingId('Message')])(
    'room(id: %j) and node(id:) are null, not an error',
    async (id) => {
      expect(await gql(server.url, ROOM, { r: id }, student.token)).toMatchObject({ data: { room: null } });
      const node = await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id }, student.token);
      expect(node.errors, 'node(id:) of a malformed id').toBeUndefined();
      expect(node.data).toEqual({ node: null });
    },
  );
});

describe('BAD_USER_INPUT', () => {
  const table: [string, () => Promise<GraphQLResponse>][] = [
    ['a handle that is too short', () => register({ handle: 'ab' })],
    ['a handle that is too long', () => register({ handle: 'a'.repeat(33) })],
    ['a handle with a space', () => register({ handle: 'two words' })],
    ['a handle with a slash', () => register({ handle: 'a/b/c' })],
    ['a handle with an accent', () => register({ handle: 'émile' })],
    ['a 9-character password', () => register({ password: 'short-pw1' })],
    ['a display name with an international phone number', () => register({ displayName: 'Jo +44 20 7946 0958' })],
    ['a display name with a US phone number', () => register({ displayName: 'Jo (212) 736-5000' })],
    ['a display name with an email address', () => register({ displayName: 'jo.bloggs@example.org' })],
    ['an empty display name', () => register({ displayName: '   ' })],
    ['a 65-character display name', () => register({ displayName: 'a'.repeat(65) })],
    [
      'a guest name with an email address',
      () => gql(server.url, 'mutation { joinAnonymously(input: { displayName: "me@example.org" }) { token } }'),
    ],
    ['an empty body', () => sendAs(student.token, { roomId: publicRoom, body: '' })],
    ['a blank body', () => sendAs(student.token, { roomId: publicRoom, body: ' \n\t ' })],
    ['a 4,001-character body', () => sendAs(student.token, { roomId: publicRoom, body: 'x'.repeat(4001) })],
    [
      'a clientId of 65 characters',
      () => sendAs(student.token, { roomId: publicRoom, clientId: 'c'.repeat(65), body: 'hi' }),
    ],
    ['a plaintext body in an encrypted room', () => sendAs(student.token, { roomId: encryptedRoom, body: 'hi' })],
    ['neither body nor payload in an encrypted room', () => sendAs(student.token, { roomId: encryptedRoom })],
    [
      'an encrypted payload in a plaintext room',
      () => sendAs(student.token, { roomId: publicRoom, encrypted: PAYLOAD }),
    ],
    ['malformed GraphQL', () => gql(server.url, '{ me { id ', {}, student.token)],
    ['an unknown field', () => gql(server.url, '{ me { email } }', {}, student.token)],
    ['an unknown argument', () => gql(server.url, '{ rooms(secret: true) { id } }', {}, student.token)],
    [
      'an unknown enum value',
      () =>
        gql(
          server.url,
          'mutation($u: ID!) { setUserRole(userId: $u, role: ROOT) { id } }',
          { u: student.id },
          admin.token,
        ),
    ],
    [
      'a variable of the wrong type',
      () =>
        gql(server.url, 'mutation($t: Boolean!) { setTyping(roomId: "x", typing: $t) }', { t: 'yes' }, student.token),
    ],
    ['an input object where a string belongs', () => gql(server.url, ROOM, { r: { id: 1 } }, student.token)],
    ['a missing required variable', () => gql(server.url, ROOM, {}, student.token)],
    ['an undeclared variable', () => gql(server.url, '{ room(id: $r) { id } }', { r: 'x' }, student.token)],
    [
      'a subscription over HTTP POST with a bad field',
      () => gql(server.url, 'subscription { nothing }', {}, student.token),
    ],
  ];
  it.each(table)('%s', async (_what, call) => {
    expectRefused(await call(), 'BAD_USER_INPUT', ['jo.bloggs@example.org', '7946 0958', '736-5000']);
  });

  it('a 4,000-character body is accepted (the boundary)', async () => {
    expectOk(await sendAs(student.token, { roomId: publicRoom, body: 'y'.repeat(4000) }));
  });

  it.each([
    ['an email address', 'mail jo.bloggs@example.org please', 'email address'],
    ['a phone number', 'ring +44 20 7946 0958', 'phone number'],
  ])('a body with %s in a PUBLIC room says why, without echoing it', async (_what, body, why) => {
    const refusal = expectRefused(await sendAs(student.token, { roomId: publicRoom, body }), 'BAD_USER_INPUT', [
      'jo.bloggs',
      '7946',
    ]);
    expect(refusal.message).toContain(why);
  });
});

describe('CONFLICT', () => {
  it.each([
    ['the same handle', () => student.handle],
    ['the same handle in capitals', () => student.handle.toUpperCase()],
    ["the bootstrap admin's handle", () => 'admin'],
  ])('registering %s', async (_what, handle) => {
    expectRefused(await register({ handle: handle() }), 'CONFLICT');
  });
});

describe('INTERNAL_SERVER_ERROR', () => {
  it('an unexpected failure (the database is gone) is masked: generic message, no driver, SQL or path', async () => {
    const broken = await startTestServer();
    try {
      const token = (await signInAdmin(broken.url)).token;
      await broken.store.close();
      for (const response of [
        await gql(broken.url, REGISTER, { i: { handle: fresh(), password: 'long-enough-pw', displayName: 'Someone' } }),
        await gql(broken.url, '{ rooms { id } }', {}, token),
      ]) {
        const refusal = expectRefused(response, 'INTERNAL_SERVER_ERROR');
        expect(refusal.message).not.toMatch(/database|connection|not open/i);
      }
    } finally {
      await broken.stop();
    }
  });
});

describe('over graphql-ws, the same codes', () => {
  it.each([
    [
      'an unknown field on subscribe',
      'subscription($r: ID!) { messageAdded(roomId: $r) { id secret } }',
      { r: 'x' },
      'BAD_USER_INPUT',
    ],
    ['an unknown subscription', 'subscription { everything { id } }', {}, 'BAD_USER_INPUT'],
    ['malformed GraphQL', 'subscription { messageAdded(roomId: ', {}, 'BAD_USER_INPUT'],
    [
      'a variable of the wrong type',
      'subscription($r: ID!) { messageAdded(roomId: $r) { id } }',
      { r: { not: 'an id' } },
      'BAD_USER_INPUT',
    ],
    ['a missing required variable', 'subscription($r: ID!) { messageAdded(roomId: $r) { id } }', {}, 'BAD_USER_INPUT'],
    [
      'a missing room',
      'subscription($r: ID!) { messageAdded(roomId: $r) { id } }',
      { r: missingId('Room') },
      'NOT_FOUND',
    ],
  ] as [string, string, Record<string, unknown>, ContractCode][])('%s: %s', async (_what, query, variables, code) => {
    const refusal = await wsRefusal(socket.client, query, variables);
    expect(CONTRACT_CODES).toContain(refusal.code);
    expect(refusal.code, refusal.message).toBe(code);
  });
});
