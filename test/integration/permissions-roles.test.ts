/**
 * Permission table, account rows: signed-out callers may only register, sign in, join
 * anonymously or use portal sign-on (every other operation of the schema, over HTTP and over
 * graphql-ws: UNAUTHENTICATED; `me` is null); changing a role is for admins only; the
 * directory is for signed-in non-guests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, registerStudent, userWithRole } from '../utils/actors.js';
import { connected, gql, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { type ContractCode, expectOk, expectRefused, refusalOf, wsRefusal } from '../utils/refusals.js';
import { schemaOperations } from '../utils/schema-operations.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';
import { buildWorld, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
let anonymousSocket: WsHandle;
beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server.url);
  anonymousSocket = wsClient(server.wsUrl, null);
  await connected(anonymousSocket.client);
});
afterAll(async () => {
  await anonymousSocket.dispose();
  await server.stop();
});

/** What a signed-out caller may do (the contract's Transport table), and `me`, which is null for them. */
const OPEN_TO_SIGNED_OUT = new Set(['register', 'signIn', 'joinAnonymously', 'signInWithPortalToken', 'me']);
const operations = schemaOperations();
const guarded = operations.filter((op) => !OPEN_TO_SIGNED_OUT.has(op.field));

describe('signed-out callers', () => {
  it('the sweep covers the whole schema, the open operations included', () => {
    expect(operations.map((op) => op.field)).toEqual(expect.arrayContaining([...OPEN_TO_SIGNED_OUT]));
    expect(guarded.length).toBeGreaterThan(25);
  });

  it.each(guarded.filter((op) => op.kind !== 'subscription').map((op) => [op.kind, op.field, op.document]))(
    'HTTP %s %s: UNAUTHENTICATED',
    async (_kind, _field, document) => {
      const response = await gql(server.url, document);
      expectRefused(response, 'UNAUTHENTICATED');
    },
  );

  it.each(guarded.map((op) => [op.kind, op.field, op.document]))(
    'graphql-ws %s %s: UNAUTHENTICATED',
    async (_kind, _field, document) => {
      const refusal = await wsRefusal(anonymousSocket.client, document);
      expect(refusal.code, refusal.message).toBe('UNAUTHENTICATED');
    },
  );

  it('`me` is null, over HTTP and over graphql-ws', async () => {
    expect(await gql(server.url, '{ me { id } }')).toMatchObject({ data: { me: null } });
    const sub = subscribe(anonymousSocket.client, '{ me { id } }');
    const [event] = await sub.take(1);
    expect(event).toEqual({ data: { me: null } });
  });

  it('may register, sign in and join anonymously (control)', async () => {
    const student = await registerStudent(server.url);
    const signIn = await gql(server.url, 'mutation($i: SignInInput!) { signIn(input: $i) { viewer { id } } }', {
      i: { handle: student.handle, password: 'student-password' },
    });
    expect(expectOk(signIn).signIn.viewer.id).toBe(student.id);
    const guest = await gql(server.url, 'mutation { joinAnonymously { viewer { role } } }');
    expect(expectOk(guest).joinAnonymously.viewer.role).toBe('GUEST');
  });
});

describe('change a role: admins only', () => {
  type Who = 'admin' | 'mentor' | 'student' | 'guest';
  const actor = (who: Who): Actor =>
    ({ admin: world.admin, mentor: world.mentorOwner, student: world.studentOutsider, guest: world.guest })[who];
  const SET_ROLE = 'mutation($u: ID!, $r: Role!) { setUserRole(userId: $u, role: $r) { id role } }';
  const roleOf = async (user: Actor) => expectOk(await gql(server.url, '{ me { role } }', {}, user.token)).me.role;

  it.each([
    ['admin', 'MENTOR', 'ok'],
    ['admin', 'ADMIN', 'ok'],
    ['mentor', 'MENTOR', 'FORBIDDEN'],
    ['student', 'MENTOR', 'FORBIDDEN'],
    ['guest', 'MENTOR', 'FORBIDDEN'],
  ] as [Who, string, ContractCode | 'ok'][])('%s makes a student %s: %s', async (who, role, expected) => {
    const target = await registerStudent(server.url);
    const response = await gql(server.url, SET_ROLE, { u: target.id, r: role }, actor(who).token);
    if (expected === 'ok') {
      expect(expectOk(response).setUserRole).toEqual({ id: target.id, role });
      expect(await roleOf(target)).toBe(role);
    } else {
      expectRefused(response, expected);
      expect(await roleOf(target)).toBe('STUDENT');
    }
  });

  it.each(['student', 'mentor'] as Who[])('a %s cannot promote themself to ADMIN', async (who) => {
    const self = await registerStudent(server.url);
    if (who === 'mentor') {
      await gql(server.url, SET_ROLE, { u: self.id, r: 'MENTOR' }, world.admin.token);
    }
    expectRefused(await gql(server.url, SET_ROLE, { u: self.id, r: 'ADMIN' }, self.token), 'FORBIDDEN');
    expect(await roleOf(self)).toBe(who.toUpperCase());
  });

  it('an admin cannot change their own role (another admin must): the last admin always stays one', async () => {
    const admin = await userWithRole(server.url, 'ADMIN', 'Second admin');
    expectRefused(await gql(server.url, SET_ROLE, { u: admin.id, r: 'STUDENT' }, admin.token), 'FORBIDDEN');
    expect(await roleOf(admin)).toBe('ADMIN');
    // Another admin may.
    expect(
      expectOk(await gql(server.url, SET_ROLE, { u: admin.id, r: 'MENTOR' }, world.admin.token)).setUserRole.role,
    ).toBe('MENTOR');
  });
});

describe('the directory: signed-in non-guests', () => {
  const DIRECTORY = '{ directory(first: 50) { edges { node { id handle role } } } }';
  it.each([
    ['student', () => world.studentOutsider, 'ok'],
    ['mentor', () => world.mentorOutsider, 'ok'],
    ['admin', () => world.admin, 'ok'],
    ['guest', () => world.guest, 'FORBIDDEN'],
  ] as const)('%s: %s', async (_who, who, expected) => {
    const response = await gql(server.url, DIRECTORY, {}, who().token);
    if (expected === 'ok') {
      const handles = expectOk(response).directory.edges.map((e: { node: { handle: string } }) => e.node.handle);
      expect(handles).toContain(world.mentorOwner.handle);
    } else {
      expect(refusalOf(response).code).toBe(expected);
    }
  });
});
