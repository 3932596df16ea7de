/**
 * Permission table, room rows: create PUBLIC / PRIVATE, join PUBLIC rooms, add or remove
 * members of a PRIVATE room, start a mentoring SESSION. One case per cell, each on fresh
 * rooms so the cells stay independent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom } from '../utils/actors.js';
import { gql } from '../utils/graphql-client.js';
import { type ContractCode, expectOk, expectRefused, missingId, refusalOf } from '../utils/refusals.js';
import type { TestServer } from '../utils/test-server.js';
import { startWorld, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
/** An admin who is not a member of any room made here (the bootstrap admin creates the public ones). */
let admin2: Actor;
beforeAll(async () => {
  ({ server, world, admin2 } = await startWorld());
});
afterAll(async () => {
  await server.stop();
});

type Who = 'guest' | 'student' | 'mentor' | 'admin';
const actor = (who: Who): Actor =>
  ({ guest: world.guest, student: world.studentOutsider, mentor: world.mentorOutsider, admin: admin2 })[who];

const CREATE = 'mutation($i: CreateRoomInput!) { createRoom(input: $i) { id kind viewerIsMember } }';
const JOIN = 'mutation($r: ID!) { joinRoom(roomId: $r) { id viewerIsMember } }';
const ROOM = 'query($r: ID!) { room(id: $r) { id members { edges { node { id } } } } }';
const ADD = 'mutation($r: ID!, $u: ID!) { addRoomMember(roomId: $r, userId: $u) { id } }';
const REMOVE = 'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { id } }';
const START = 'mutation($i: StartMentoringSessionInput!) { startMentoringSession(input: $i) { id kind encrypted } }';

const memberIds = async (roomId: string, token: string): Promise<string[] | null> => {
  const read = expectOk(await gql(server.url, ROOM, { r: roomId }, token));
  return read.room ? read.room.members.edges.map((e: { node: { id: string } }) => e.node.id).sort() : null;
};

describe('create a room', () => {
  const table: [Who, 'PUBLIC' | 'PRIVATE', ContractCode | 'ok'][] = [
    ['guest', 'PUBLIC', 'FORBIDDEN'],
    ['student', 'PUBLIC', 'FORBIDDEN'],
    ['mentor', 'PUBLIC', 'FORBIDDEN'],
    ['admin', 'PUBLIC', 'ok'],
    ['guest', 'PRIVATE', 'FORBIDDEN'],
    ['student', 'PRIVATE', 'FORBIDDEN'],
    ['mentor', 'PRIVATE', 'ok'],
    ['admin', 'PRIVATE', 'ok'],
  ];
  it.each(table)('%s creating a %s room: %s', async (who, kind, expected) => {
    const response = await gql(server.url, CREATE, { i: { name: `made by ${who}`, kind } }, actor(who).token);
    if (expected === 'ok') {
      expect(expectOk(response).createRoom).toMatchObject({ kind, viewerIsMember: true });
    } else {
      expectRefused(response, expected);
    }
  });

  it.each(['mentor', 'admin'] as Who[])('%s cannot make a SESSION room with createRoom', async (who) => {
    const response = await gql(server.url, CREATE, { i: { name: 'sneaky', kind: 'SESSION' } }, actor(who).token);
    expect(response.data?.createRoom ?? null).toBeNull();
    expect(['BAD_USER_INPUT', 'FORBIDDEN']).toContain(refusalOf(response).code);
  });
});

describe('join a PUBLIC room', () => {
  const table: [Who, boolean, boolean][] = [
    ['guest', true, true],
    ['guest', false, false],
    ['student', false, true],
    ['mentor', false, true],
    ['admin', false, true],
  ];
  it.each(table)('%s joining a room with allowGuests=%s: allowed=%s', async (who, allowGuests, allowed) => {
    const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC', allowGuests });
    const response = await gql(server.url, JOIN, { r: room }, actor(who).token);
    if (allowed) {
      expect(expectOk(response).joinRoom).toEqual({ id: room, viewerIsMember: true });
      return;
    }
    // Refused; and a room the guest may not see must answer NOT_FOUND, never FORBIDDEN.
    const visible = expectOk(
      await gql(server.url, 'query($r: ID!) { room(id: $r) { id } }', { r: room }, actor(who).token),
    ).room;
    expectRefused(response, visible ? 'FORBIDDEN' : 'NOT_FOUND');
  });
});

describe('add or remove members of a PRIVATE room', () => {
  type Manager =
    | 'creator mentor'
    | 'mentor member'
    | 'admin non-member'
    | 'student member'
    | 'mentor non-member'
    | 'guest';
  const manager = (who: Manager): Actor =>
    ({
      'creator mentor': world.mentorOwner,
      'mentor member': world.mentorMember,
      'admin non-member': admin2,
      'student member': world.studentMember,
      'mentor non-member': world.mentorOutsider,
      guest: world.guest,
    })[who];
  const table: [Manager, ContractCode | 'ok'][] = [
    ['creator mentor', 'ok'],
    ['mentor member', 'ok'],
    ['admin non-member', 'ok'],
    ['student member', 'FORBIDDEN'],
    ['mentor non-member', 'NOT_FOUND'],
    ['guest', 'NOT_FOUND'],
  ];
  const freshPrivate = () =>
    createRoom(server.url, world.mentorOwner.token, {
      kind: 'PRIVATE',
      memberIds: [world.mentorMember.id, world.studentMember.id],
    });

  it.each(table)('%s adds a member: %s', async (who, expected) => {
    const room = await freshPrivate();
    const newcomer = world.studentOutsider;
    const response = await gql(server.url, ADD, { r: room, u: newcomer.id }, manager(who).token);
    if (expected !== 'ok') {
      expectRefused(response, expected);
      expect(await memberIds(room, newcomer.token)).toBeNull();
      return;
    }
    expectOk(response);
    expect(await memberIds(room, newcomer.token)).toContain(newcomer.id);
  });

  it.each(table)('%s removes a member: %s', async (who, expected) => {
    const room = await freshPrivate();
    const leaving = world.studentMember;
    const response = await gql(server.url, REMOVE, { r: room, u: leaving.id }, manager(who).token);
    if (expected !== 'ok') {
      expectRefused(response, expected);
      expect(await memberIds(room, leaving.token)).toContain(leaving.id);
      return;
    }
    expectOk(response);
    expect(await memberIds(room, leaving.token)).toBeNull();
    expect(await memberIds(room, world.mentorOwner.token)).not.toContain(leaving.id);
  });
});

describe('start a mentoring SESSION', () => {
  const startAs = (token: string, studentId: string) =>
    gql(server.url, START, { i: { studentId, topic: 'Session' } }, token);

  it('a mentor starts one with a student: exactly the two of them, encrypted', async () => {
    const student = world.studentOutsider;
    const data = expectOk(await startAs(world.mentorOutsider.token, student.id));
    expect(data.startMentoringSession).toMatchObject({ kind: 'SESSION', encrypted: true });
    const room = data.startMentoringSession.id;
    expect(await memberIds(room, student.token)).toEqual([world.mentorOutsider.id, student.id].sort());
  });

  it.each(['guest', 'student', 'admin'] as Who[])('a %s cannot start one: FORBIDDEN', async (who) => {
    expectRefused(await startAs(actor(who).token, world.studentMember.id), 'FORBIDDEN');
  });

  it.each([
    ['another mentor', () => world.mentorMember.id],
    ['an admin', () => world.admin.id],
    ['a guest', () => world.guest.id],
    ['the mentor themself', () => world.mentorOutsider.id],
  ])('the other party must be a STUDENT, not %s: BAD_USER_INPUT', async (_who, other) => {
    expectRefused(await startAs(world.mentorOutsider.token, other()), 'BAD_USER_INPUT');
  });

  it('with a missing student: NOT_FOUND', async () => {
    expectRefused(await startAs(world.mentorOutsider.token, missingId('User')), 'NOT_FOUND');
  });

  it.each([
    ['add a third member', ADD, () => world.studentOutsider.id],
    ['remove the student', REMOVE, () => world.studentMember.id],
  ])('its own mentor cannot %s: the session stays one mentor + one student', async (_what, mutation, userId) => {
    const room = expectOk(await startAs(world.mentorOwner.token, world.studentMember.id)).startMentoringSession.id;
    const response = await gql(server.url, mutation, { r: room, u: userId() }, world.mentorOwner.token);
    // The contract leaves the code open here; what must hold is the refusal and the member list.
    expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(refusalOf(response).code);
    expect(await memberIds(room, world.mentorOwner.token)).toEqual(
      [world.mentorOwner.id, world.studentMember.id].sort(),
    );
  });
});

describe('guests and PUBLIC rooms', () => {
  it('lists every PUBLIC room to a guest (the contract`s `rooms`) but lets them join only where allowGuests', async () => {
    const listed = expectOk(await gql(server.url, '{ rooms { id kind allowGuests } }', {}, world.guest.token));
    const ids = listed.rooms.map((r: { id: string }) => r.id);
    expect(ids).toContain(world.rooms.pubGuests);
    expect(ids).toContain(world.rooms.pubNoGuests);
    expect(ids).not.toContain(world.rooms.priv);
    expectRefused(await gql(server.url, JOIN, { r: world.rooms.pubNoGuests }, world.guest.token), 'FORBIDDEN');
  });
});
