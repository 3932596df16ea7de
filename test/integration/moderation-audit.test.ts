/**
 * The audit log through the API: every moderation action, role change, membership change and
 * staff sign-in is there, filterable and paged newest first; it holds no bodies, tokens or
 * passwords; and nothing in the API can change it. Retention: admins set it per room, and the
 * app's sweep (run here with a clock 31 days ahead) tombstones what expired, live.
 */

import fs from 'node:fs';
import { buildSchema, getNamedType, isInputObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { connected, gql, must, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { expectOk, expectRefused, missingId } from '../utils/refusals.js';
import { startTestServer, TEST_ADMIN, type TestServer } from '../utils/test-server.js';
import { buildWorld, SECRET_BODY, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
const sockets: WsHandle[] = [];
beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server.url);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await server.stop();
});

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { id: string } | null;
  targetUser: { id: string } | null;
  roomId: string | null;
  messageId: string | null;
  details: Record<string, unknown>;
}

const LOG = /* GraphQL */ `query($action: AuditAction, $actor: ID, $room: ID, $target: ID, $first: Int, $after: String) {
  auditLog(action: $action, actorId: $actor, roomId: $room, targetUserId: $target, first: $first, after: $after) {
    edges { cursor node { id at action actor { id } targetUser { id } roomId messageId details } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

type Filters = { action?: string; actor?: string; room?: string; target?: string };

/** Every entry matching the filters, newest first, read in pages of `first`. */
async function readAll(filters: Filters = {}, first = 100): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let after: string | null = null; ; ) {
    const page: any = expectOk(await gql(server.url, LOG, { ...filters, first, after }, world.admin.token)).auditLog;
    entries.push(...page.edges.map((e: { node: Entry }) => e.node));
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor;
  }
}

const SET_ROLE = 'mutation($u: ID!, $r: Role!) { setUserRole(userId: $u, role: $r) { id } }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';

describe('what the audit log records', () => {
  it('role changes, with from and to', async () => {
    const user = await registerStudent(server.url, 'Promoted');
    await must(server.url, SET_ROLE, { u: user.id, r: 'MENTOR' }, world.admin.token);
    await must(server.url, SET_ROLE, { u: user.id, r: 'MENTOR' }, world.admin.token); // no change, no entry
    const entries = await readAll({ action: 'ROLE_CHANGE', target: user.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { id: world.admin.id }, details: { from: 'STUDENT', to: 'MENTOR' } });
  });

  it('sign-ins of mentors and admins, not of students or guests', async () => {
    const student = await registerStudent(server.url, 'Plain');
    await must(server.url, SIGN_IN, { i: { handle: student.handle, password: 'student-password' } });
    const mentor = await registerStudent(server.url, 'Staff');
    await must(server.url, SET_ROLE, { u: mentor.id, r: 'MENTOR' }, world.admin.token);
    await must(server.url, SIGN_IN, { i: { handle: mentor.handle, password: 'student-password' } });
    await signInAdmin(server.url);
    expect(await readAll({ action: 'STAFF_SIGN_IN', actor: student.id })).toEqual([]);
    expect(await readAll({ action: 'STAFF_SIGN_IN', actor: mentor.id })).toMatchObject([
      { details: { role: 'MENTOR' } },
    ]);
    expect((await readAll({ action: 'STAFF_SIGN_IN', actor: world.admin.id })).length).toBeGreaterThan(0);
  });

  it('membership changes: join, leave, add, remove, and members added at creation', async () => {
    const student = await registerStudent(server.url, 'Mover');
    const pub = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, student.token, pub);
    await must(server.url, 'mutation($r: ID!) { leaveRoom(roomId: $r) }', { r: pub }, student.token);
    const priv = await createRoom(server.url, world.mentorOwner.token, { kind: 'PRIVATE', memberIds: [student.id] });
    const other = await createRoom(server.url, world.mentorOwner.token, { kind: 'PRIVATE' });
    const add = 'mutation($r: ID!, $u: ID!) { addRoomMember(roomId: $r, userId: $u) { id } }';
    const remove = 'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { id } }';
    await must(server.url, add, { r: other, u: student.id }, world.mentorOwner.token);
    await must(server.url, remove, { r: other, u: student.id }, world.mentorOwner.token);

    const entries = await readAll({ target: student.id });
    const summary = entries.map((e) => [e.action, e.roomId, e.actor?.id, e.details.via ?? null]).reverse();
    expect(summary).toEqual([
      ['MEMBER_JOIN', pub, student.id, null],
      ['MEMBER_LEAVE', pub, student.id, null],
      ['MEMBER_ADD', priv, world.mentorOwner.id, 'createRoom'],
      ['MEMBER_ADD', other, world.mentorOwner.id, 'addRoomMember'],
      ['MEMBER_REMOVE', other, world.mentorOwner.id, null],
    ]);
  });

  it('moderation: mute, unmute, removal from a public room (with its reason), reports and their resolution', async () => {
    const student = await registerStudent(server.url, 'Moderated');
    const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, student.token, room);
    await joinRoom(server.url, world.mentorMember.token, room);
    const message = await send(server.url, student.token, room, 'zz-reported-body');
    const vars = { r: room, u: student.id };
    await must(
      server.url,
      'mutation($r: ID!, $u: ID!) { muteUser(roomId: $r, userId: $u, minutes: 5) { until } }',
      vars,
      world.mentorMember.token,
    );
    await must(
      server.url,
      'mutation($r: ID!, $u: ID!) { unmuteUser(roomId: $r, userId: $u) }',
      vars,
      world.mentorMember.token,
    );
    const report = await must(
      server.url,
      'mutation($m: ID!) { reportMessage(messageId: $m, reason: "zz-report-reason") { id } }',
      { m: message.id },
      world.mentorMember.token,
    );
    await must(
      server.url,
      'mutation($id: ID!) { resolveReport(id: $id, status: RESOLVED, resolution: "handled") { id } }',
      { id: report.reportMessage.id },
      world.admin.token,
    );
    await must(
      server.url,
      'mutation($r: ID!, $u: ID!) { kickFromRoom(roomId: $r, userId: $u, reason: "spam") { id } }',
      vars,
      world.mentorMember.token,
    );

    const actions = (await readAll({ room, target: student.id })).map((e) => e.action).reverse();
    expect(actions).toEqual([
      'MEMBER_JOIN',
      'USER_MUTE',
      'USER_UNMUTE',
      'REPORT_CREATE',
      'REPORT_RESOLVE',
      'MEMBER_KICK',
    ]);
    const [kick] = await readAll({ action: 'MEMBER_KICK', room });
    expect(kick).toMatchObject({ actor: { id: world.mentorMember.id }, details: { reason: 'spam' } });
    const [resolved] = await readAll({ action: 'REPORT_RESOLVE', room });
    expect(resolved).toMatchObject({
      messageId: message.id,
      details: { reportId: expect.any(String), status: 'RESOLVED' },
    });
    // The reporter's words stay in the report; the log keeps ids.
    expect(JSON.stringify(await readAll({ room }))).not.toContain('zz-report-reason');
  });
});

describe('reading the log', () => {
  it('pages newest first without gaps or repeats, whatever the page size', async () => {
    const all = await readAll({}, 100);
    expect(all.length).toBeGreaterThan(20);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const size of [1, 7]) {
      const paged = await readAll({}, size);
      // Entries may have been added at the head since: the older ones read identically.
      expect(paged.slice(paged.length - all.length)).toEqual(all);
    }
    const first = expectOk(await gql(server.url, LOG, { first: 2 }, world.admin.token)).auditLog;
    expect(first.pageInfo.hasPreviousPage).toBe(false);
    const second = expectOk(
      await gql(server.url, LOG, { first: 2, after: first.pageInfo.endCursor }, world.admin.token),
    );
    expect(second.auditLog.pageInfo.hasPreviousPage).toBe(true);
  });

  it('filters combine; a filter id that names nothing matches nothing', async () => {
    const byAdmin = await readAll({ actor: world.admin.id });
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor?.id === world.admin.id)).toBe(true);
    const joins = await readAll({ action: 'MEMBER_JOIN', room: world.rooms.pubGuests });
    expect(joins.every((e) => e.action === 'MEMBER_JOIN' && e.roomId === world.rooms.pubGuests)).toBe(true);
    expect(await readAll({ target: missingId('User') })).toEqual([]);
    expect(await readAll({ room: 'not an id' })).toEqual([]);
    expect(await readAll({ actor: world.rooms.priv })).toEqual([]); // a room id is not a user id
  });

  it('holds no message body, token or password', async () => {
    const secrets = [
      SECRET_BODY,
      TEST_ADMIN.password,
      'student-password',
      world.admin.token,
      world.studentMember.token,
    ];
    const text = JSON.stringify(await readAll());
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('the log cannot be changed through the API', () => {
  it('no mutation names the audit log, takes an audit entry or returns one', () => {
    const schema = buildSchema(fs.readFileSync('schema.graphql', 'utf8'));
    const mutations = Object.values(schema.getMutationType()!.getFields());
    for (const field of mutations) {
      expect(field.name).not.toMatch(/audit/i);
      expect(getNamedType(field.type).name).not.toMatch(/^Audit/);
      for (const arg of field.args) {
        const named = getNamedType(arg.type);
        expect(named.name).not.toMatch(/^Audit/);
        if (isInputObjectType(named)) {
          for (const f of Object.values(named.getFields())) expect(getNamedType(f.type).name).not.toMatch(/^Audit/);
        }
      }
    }
  });

  it('entries already written read the same after more of everything happens', async () => {
    const before = await readAll();
    const student = await registerStudent(server.url, 'Later');
    await must(server.url, SET_ROLE, { u: student.id, r: 'MENTOR' }, world.admin.token);
    await joinRoom(server.url, student.token, world.rooms.pubNoGuests);
    const after = await readAll();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.slice(after.length - before.length)).toEqual(before);
  });
});

describe('retention', () => {
  const RETENTION = 'mutation($r: ID!, $d: Int) { setRoomRetention(roomId: $r, days: $d) { retentionDays } }';
  const HISTORY =
    'query($r: ID!) { room(id: $r) { retentionDays messages(first: 50) { edges { node { id body deletedAt } } } } }';

  it('admins set 1 to 3650 days or null; the setting is audited and shown on the room', async () => {
    const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    for (const d of [0, -1, 3651])
      expectRefused(await gql(server.url, RETENTION, { r: room, d }, world.admin.token), 'BAD_USER_INPUT');
    expect(expectOk(await gql(server.url, RETENTION, { r: room, d: 7 }, world.admin.token)).setRoomRetention).toEqual({
      retentionDays: 7,
    });
    expect(
      expectOk(await gql(server.url, RETENTION, { r: room, d: null }, world.admin.token)).setRoomRetention,
    ).toEqual({ retentionDays: null });
    const entries = (await readAll({ action: 'ROOM_RETENTION', room })).map((e) => e.details).reverse();
    expect(entries).toEqual([
      { from: null, to: 7 },
      { from: 7, to: null },
    ]);
  });

  it('the sweep tombstones expired messages, tells live readers, audits a summary, and spares rooms without retention', async () => {
    const reader: Actor = await registerStudent(server.url, 'Reader');
    const kept = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    const expiring = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    for (const room of [kept, expiring]) await joinRoom(server.url, reader.token, room);
    const old = [
      await send(server.url, world.admin.token, expiring, 'old one'),
      await send(server.url, world.admin.token, expiring, 'old two'),
    ];
    await send(server.url, world.admin.token, kept, 'kept for ever');
    await must(server.url, RETENTION, { r: expiring, d: 30 }, world.admin.token);

    const socket = wsClient(server.wsUrl, reader.token);
    sockets.push(socket);
    await connected(socket.client);
    const changes = subscribe(
      socket.client,
      'subscription($r: ID!) { messageChanged(roomId: $r) { id body deletedAt } }',
      { r: expiring },
    );
    await new Promise((r) => setTimeout(r, 200));

    // Today: nothing is 30 days old.
    expect(await server.app.services.retention.runOnce()).toMatchObject({ rooms: 0, messages: 0 });
    const summary = await server.app.services.retention.runOnce(new Date(Date.now() + 31 * 86_400_000));
    expect(summary).toMatchObject({ rooms: 1, messages: 2 });

    const events = await changes.take(2);
    expect(events.map((e) => e.data?.messageChanged.id).sort()).toEqual(old.map((m) => m.id).sort());
    const history = expectOk(await gql(server.url, HISTORY, { r: expiring }, reader.token)).room;
    expect(history.retentionDays).toBe(30);
    expect(history.messages.edges.map((e: any) => e.node.body)).toEqual([null, null]);
    const keptHistory = expectOk(await gql(server.url, HISTORY, { r: kept }, reader.token)).room;
    expect(keptHistory.messages.edges.map((e: any) => e.node.body)).toEqual(['kept for ever']);

    const [entry] = await readAll({ action: 'RETENTION_SWEEP', room: expiring });
    expect(entry).toMatchObject({ actor: null, details: { messages: 2, retentionDays: 30 } });
    changes.unsubscribe();
  });
});
