/**
 * Authorization sweep for the moderation and data-rights operations: for every role, signed-out
 * callers and users of other rooms, a table proves who may mute, unmute, remove from a PUBLIC
 * room, report, read and resolve reports, read the audit log, set retention and act on another
 * user's data; a refused call changes nothing; and ids of invisible objects answer like missing ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, joinRoom, registerStudent, send, userWithRole } from '../utils/actors.js';
import { type GraphQLResponse, gql } from '../utils/graphql-client.js';
import { expectRefused, missingId, type Outcome, outcomeOf, refusalOf } from '../utils/refusals.js';
import type { TestServer } from '../utils/test-server.js';
import { startWorld, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
/** An admin who belongs to no room. */
let admin2: Actor;
beforeAll(async () => {
  ({ server, world, admin2 } = await startWorld());
});
afterAll(async () => {
  await server.stop();
});

const outcome = (response: GraphQLResponse): Outcome => outcomeOf(response, world.secrets);

type Who =
  | 'signed out'
  | 'guest'
  | 'student member'
  | 'student outsider'
  | 'mentor member'
  | 'mentor outsider'
  | 'admin non-member';
const tokenOf = (who: Who): string | null =>
  who === 'signed out'
    ? null
    : {
        guest: world.guest,
        'student member': world.studentMember,
        'student outsider': world.studentOutsider,
        'mentor member': world.mentorMember,
        'mentor outsider': world.mentorOutsider,
        'admin non-member': admin2,
      }[who].token;

const MUTE = 'mutation($r: ID!, $u: ID!) { muteUser(roomId: $r, userId: $u, minutes: 5) { until user { id } } }';
const UNMUTE = 'mutation($r: ID!, $u: ID!) { unmuteUser(roomId: $r, userId: $u) }';
const KICK = 'mutation($r: ID!, $u: ID!) { kickFromRoom(roomId: $r, userId: $u, reason: "spam") { id } }';
const RETENTION = 'mutation($r: ID!) { setRoomRetention(roomId: $r, days: 30) { retentionDays } }';
const REPORT = 'mutation($m: ID!) { reportMessage(messageId: $m, reason: "not kind") { id status } }';

const local = (id: string, type: 'Room' | 'User') => localId(id, type)!;
const muteOf = (room: string, user: Actor) => server.store.getMute(local(room, 'Room'), local(user.id, 'User'));
const isMember = (room: string, user: Actor) => server.store.isMember(local(room, 'Room'), local(user.id, 'User'));

/** A PUBLIC room where the target student, the "member" callers and the guest have joined. */
async function publicRoom(target: Actor): Promise<string> {
  const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC', allowGuests: true });
  for (const member of [target, world.mentorMember, world.studentMember, world.guest]) {
    await joinRoom(server.url, member.token, room);
  }
  return room;
}

/** A PRIVATE room of mentorOwner with mentorMember, studentMember and the target student. */
const privateRoom = (target: Actor) =>
  createRoom(server.url, world.mentorOwner.token, {
    kind: 'PRIVATE',
    memberIds: [world.mentorMember.id, world.studentMember.id, target.id],
  });

describe('mute and unmute a student', () => {
  const table: [Who, 'PUBLIC' | 'PRIVATE', Outcome][] = [
    ['signed out', 'PUBLIC', 'UNAUTHENTICATED'],
    ['guest', 'PUBLIC', 'FORBIDDEN'],
    ['student member', 'PUBLIC', 'FORBIDDEN'],
    ['mentor outsider', 'PUBLIC', 'FORBIDDEN'],
    ['mentor member', 'PUBLIC', 'ok'],
    ['admin non-member', 'PUBLIC', 'ok'],
    ['signed out', 'PRIVATE', 'UNAUTHENTICATED'],
    ['guest', 'PRIVATE', 'NOT_FOUND'],
    ['student member', 'PRIVATE', 'FORBIDDEN'],
    ['student outsider', 'PRIVATE', 'NOT_FOUND'],
    ['mentor outsider', 'PRIVATE', 'NOT_FOUND'],
    ['mentor member', 'PRIVATE', 'ok'],
    ['admin non-member', 'PRIVATE', 'ok'],
  ];
  it.each(table)('%s in a %s room: %s', async (who, kind, expected) => {
    const target = await registerStudent(server.url, 'Target');
    const room = kind === 'PUBLIC' ? await publicRoom(target) : await privateRoom(target);
    expect(outcome(await gql(server.url, MUTE, { r: room, u: target.id }, tokenOf(who)))).toBe(expected);
    if (expected !== 'ok') {
      expect(await muteOf(room, target)).toBeNull();
      // Unmuting follows the same table: set a mute as the room's owner, then try to lift it.
      await gql(server.url, MUTE, { r: room, u: target.id }, world.admin.token);
      expect(outcome(await gql(server.url, UNMUTE, { r: room, u: target.id }, tokenOf(who)))).toBe(expected);
      expect(await muteOf(room, target)).not.toBeNull();
      return;
    }
    expect(await muteOf(room, target)).not.toBeNull();
    const lifted = await gql(server.url, UNMUTE, { r: room, u: target.id }, tokenOf(who));
    expect(lifted.data?.unmuteUser).toBe(true);
    expect(await muteOf(room, target)).toBeNull();
  });

  it('mentors mute students and guests, never mentors or admins; admins never admins; nobody themself', async () => {
    const room = await privateRoom(world.studentMember);
    await gql(
      server.url,
      'mutation($r: ID!, $u: ID!) { addRoomMember(roomId: $r, userId: $u) { id } }',
      { r: room, u: admin2.id },
      world.mentorOwner.token,
    );
    const cases: [Actor, Actor, Outcome][] = [
      [world.mentorOwner, world.mentorMember, 'FORBIDDEN'],
      [world.mentorOwner, admin2, 'FORBIDDEN'],
      [world.mentorOwner, world.mentorOwner, 'FORBIDDEN'],
      [admin2, world.admin, 'FORBIDDEN'],
      [admin2, admin2, 'FORBIDDEN'],
      [admin2, world.mentorMember, 'ok'],
      [world.mentorOwner, world.studentMember, 'ok'],
    ];
    for (const [by, target, expected] of cases) {
      const response = await gql(server.url, MUTE, { r: room, u: target.id }, by.token);
      expect(outcome(response), `${by.handle} mutes ${target.handle}`).toBe(expected);
    }
  });

  it('a user id that names nobody answers NOT_FOUND', async () => {
    const room = await privateRoom(world.studentOutsider);
    expectRefused(await gql(server.url, MUTE, { r: room, u: missingId('User') }, world.mentorOwner.token), 'NOT_FOUND');
  });
});

describe('remove someone from a PUBLIC room (kickFromRoom)', () => {
  const table: [Who, Outcome][] = [
    ['signed out', 'UNAUTHENTICATED'],
    ['guest', 'FORBIDDEN'],
    ['student member', 'FORBIDDEN'],
    ['mentor outsider', 'FORBIDDEN'],
    ['mentor member', 'ok'],
    ['admin non-member', 'ok'],
  ];
  it.each(table)('%s: %s', async (who, expected) => {
    const target = await registerStudent(server.url, 'Target');
    const room = await publicRoom(target);
    expect(outcome(await gql(server.url, KICK, { r: room, u: target.id }, tokenOf(who)))).toBe(expected);
    expect(await isMember(room, target)).toBe(expected !== 'ok');
  });

  it('is for PUBLIC rooms: a PRIVATE room answers BAD_USER_INPUT (removeRoomMember is its operation)', async () => {
    const target = await registerStudent(server.url, 'Target');
    const room = await privateRoom(target);
    expectRefused(await gql(server.url, KICK, { r: room, u: target.id }, world.mentorOwner.token), 'BAD_USER_INPUT');
    expect(await isMember(room, target)).toBe(true);
  });

  it('a non-member answers NOT_FOUND', async () => {
    const room = await publicRoom(world.studentMember);
    const response = await gql(server.url, KICK, { r: room, u: world.studentOutsider.id }, admin2.token);
    expectRefused(response, 'NOT_FOUND');
  });
});

describe('report a message', () => {
  const table: [Who, Outcome][] = [
    ['signed out', 'UNAUTHENTICATED'],
    ['guest', 'NOT_FOUND'],
    ['student outsider', 'NOT_FOUND'],
    ['mentor outsider', 'NOT_FOUND'],
    ['admin non-member', 'NOT_FOUND'],
    ['mentor member', 'ok'],
    ['student member', 'BAD_USER_INPUT'],
  ];
  it.each(table)('%s reports a PRIVATE room message of studentMember: %s', async (who, expected) => {
    const before = (await server.store.listReports({ limit: 1000 })).length;
    const response = await gql(server.url, REPORT, { m: world.privMessageId }, tokenOf(who));
    expect(outcome(response)).toBe(expected);
    expect((await server.store.listReports({ limit: 1000 })).length).toBe(before + (expected === 'ok' ? 1 : 0));
  });

  it('a guest member of a PUBLIC room may report there', async () => {
    const room = await publicRoom(world.studentMember);
    const message = await send(server.url, world.studentMember.token, room, 'rude words');
    expect(outcome(await gql(server.url, REPORT, { m: message.id }, world.guest.token))).toBe('ok');
  });
});

describe('admin-only operations', () => {
  const ADMIN_ONLY: Record<string, { query: string; vars: () => Record<string, unknown> }> = {
    reports: { query: '{ reports(first: 5) { edges { node { id } } } }', vars: () => ({}) },
    resolveReport: {
      query: 'mutation($id: ID!) { resolveReport(id: $id, status: DISMISSED) { id } }',
      vars: () => ({ id: missingId('Report') }),
    },
    auditLog: { query: '{ auditLog(first: 5) { edges { node { id } } } }', vars: () => ({}) },
    setRoomRetention: { query: RETENTION, vars: () => ({ r: world.rooms.pubGuests }) },
    exportUserData: {
      query: 'query($u: ID!) { exportUserData(userId: $u) }',
      vars: () => ({ u: world.studentOutsider.id }),
    },
    deleteUserAccount: {
      query: 'mutation($u: ID!) { deleteUserAccount(userId: $u, reason: "asked") }',
      vars: () => ({ u: missingId('User') }),
    },
  };
  const refusedFor: [Who, Outcome][] = [
    ['signed out', 'UNAUTHENTICATED'],
    ['guest', 'FORBIDDEN'],
    ['student member', 'FORBIDDEN'],
    ['mentor member', 'FORBIDDEN'],
  ];
  const cases = Object.keys(ADMIN_ONLY).flatMap((op) => refusedFor.map(([who, code]) => [op, who, code] as const));
  it.each(cases)('%s by %s: %s', async (op, who, expected) => {
    const auditBefore = await server.store.listAudit({ limit: 1 });
    const { query, vars } = ADMIN_ONLY[op];
    expect(outcome(await gql(server.url, query, vars(), tokenOf(who)))).toBe(expected);
    expect(await server.store.listAudit({ limit: 1 })).toEqual(auditBefore);
  });

  it.each(Object.keys(ADMIN_ONLY))('%s by an admin: allowed (missing ids: NOT_FOUND)', async (op) => {
    const { query, vars } = ADMIN_ONLY[op];
    const expected = op === 'resolveReport' || op === 'deleteUserAccount' ? 'NOT_FOUND' : 'ok';
    expect(outcome(await gql(server.url, query, vars(), admin2.token))).toBe(expected);
  });

  it('admins cannot delete an admin account, nor their own, through deleteUserAccount', async () => {
    const other = await userWithRole(server.url, 'ADMIN', 'Third Admin');
    const del = 'mutation($u: ID!) { deleteUserAccount(userId: $u, reason: "asked") }';
    expectRefused(await gql(server.url, del, { u: other.id }, admin2.token), 'FORBIDDEN');
    expectRefused(await gql(server.url, del, { u: admin2.id }, admin2.token), 'FORBIDDEN');
    expectRefused(await gql(server.url, 'mutation { deleteMyAccount(password: "x") }', {}, admin2.token), 'FORBIDDEN');
  });
});

describe('ids of invisible rooms and messages answer exactly like missing ones', () => {
  type Op = { query: string; vars: (room: string, message: string) => Record<string, unknown> };
  const ROOM_OPS: Record<string, Op> = {
    muteUser: { query: MUTE, vars: (r) => ({ r, u: world.studentMember.id }) },
    unmuteUser: { query: UNMUTE, vars: (r) => ({ r, u: world.studentMember.id }) },
    kickFromRoom: { query: KICK, vars: (r) => ({ r, u: world.studentMember.id }) },
  };
  const outsiders: Record<'priv' | 'session', Who[]> = {
    priv: ['guest', 'student outsider', 'mentor outsider'],
    session: ['guest', 'student outsider', 'mentor outsider', 'mentor member', 'admin non-member'],
  };
  const cases = (['priv', 'session'] as const).flatMap((room) =>
    outsiders[room].flatMap((who) => Object.keys(ROOM_OPS).map((op) => [who, room, op] as const)),
  );
  it.each(cases)('%s, %s room: %s', async (who, room, op) => {
    const { query, vars } = ROOM_OPS[op];
    const hidden = await gql(server.url, query, vars(world.rooms[room], ''), tokenOf(who));
    const absent = await gql(server.url, query, vars(missingId('Room'), ''), tokenOf(who));
    expect(refusalOf(hidden, world.secrets)).toEqual(refusalOf(absent));
    expectRefused(hidden, 'NOT_FOUND');
  });

  it('an admin setting the retention of a SESSION room gets NOT_FOUND, like a missing room', async () => {
    const hidden = await gql(server.url, RETENTION, { r: world.rooms.session }, admin2.token);
    const absent = await gql(server.url, RETENTION, { r: missingId('Room') }, admin2.token);
    expect(refusalOf(hidden, world.secrets)).toEqual(refusalOf(absent));
    expectRefused(hidden, 'NOT_FOUND');
  });

  it.each(['guest', 'student outsider', 'mentor outsider', 'admin non-member'] as Who[])(
    '%s reporting a PRIVATE room message gets what a missing message gets',
    async (who) => {
      const hidden = await gql(server.url, REPORT, { m: world.privMessageId }, tokenOf(who));
      const absent = await gql(server.url, REPORT, { m: missingId('Message') }, tokenOf(who));
      expect(refusalOf(hidden, world.secrets)).toEqual(refusalOf(absent));
    },
  );
});
