/**
 * Permission table, message rows: read and post in a PUBLIC room (guests only where
 * allowGuests; everyone only after joinRoom), members-only actions, deleting another user's
 * message (mentors in rooms they belong to, admins; never students or guests), editing
 * (the author only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, send } from '../utils/actors.js';
import { type GraphQLResponse, gql } from '../utils/graphql-client.js';
import { expectOk, expectRefused, type Outcome, outcomeOf } from '../utils/refusals.js';
import type { TestServer } from '../utils/test-server.js';
import { startWorld, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
let admin2: Actor;
beforeAll(async () => {
  ({ server, world, admin2 } = await startWorld());
});
afterAll(async () => {
  await server.stop();
});

const outcome = (response: GraphQLResponse): Outcome => outcomeOf(response, ['seeded secret']);

/** `room(id:)` answers a room the caller may not see with null: its form of NOT_FOUND. */
const readOutcome = (response: GraphQLResponse): Outcome =>
  response.errors?.length || response.data?.room ? outcome(response) : 'NOT_FOUND';

const READ = 'query($r: ID!) { room(id: $r) { messages(first: 10) { edges { node { body } } } } }';
const LAST = 'query($r: ID!) { room(id: $r) { lastMessage { body } } }';
const POST = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const TYPE = 'mutation($r: ID!) { setTyping(roomId: $r, typing: false) }';
const MARK = 'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }';
const DELETE = 'mutation($m: ID!) { deleteMessage(id: $m) { body deletedAt } }';
const EDIT = 'mutation($m: ID!) { editMessage(id: $m, body: "changed") { body editedAt } }';

/** Every members-only action of one caller on one room, as ok or the refusal code. */
async function probe(token: string, room: string, seeded: string) {
  const last = await gql(server.url, LAST, { r: room }, token);
  return {
    read: readOutcome(await gql(server.url, READ, { r: room }, token)),
    lastMessage: last.data?.room?.lastMessage?.body ?? null,
    post: outcome(
      await gql(
        server.url,
        POST,
        { i: { roomId: room, clientId: `p-${Date.now()}-${Math.random()}`, body: 'hi' } },
        token,
      ),
    ),
    setTyping: outcome(await gql(server.url, TYPE, { r: room }, token)),
    markRead: outcome(await gql(server.url, MARK, { r: room, m: seeded }, token)),
  };
}
const everything = (value: Outcome) => ({
  read: value,
  lastMessage: null,
  post: value,
  setTyping: value,
  markRead: value,
});
const MEMBER = { read: 'ok', lastMessage: 'seeded secret', post: 'ok', setTyping: 'ok', markRead: 'ok' };

describe('read and post in a PUBLIC room', () => {
  type Who = 'guest' | 'student' | 'mentor' | 'admin';
  const actor = (who: Who) =>
    ({ guest: world.guest, student: world.studentOutsider, mentor: world.mentorOutsider, admin: admin2 })[who];
  const table: [Who, boolean, boolean][] = [
    ['guest', true, true],
    ['guest', false, false],
    ['student', false, true],
    ['mentor', false, true],
    ['admin', false, true],
    ['student', true, true],
  ];

  it.each(table)('%s, allowGuests=%s: only after joinRoom (may join: %s)', async (who, allowGuests, mayJoin) => {
    const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC', allowGuests });
    const seeded = (await send(server.url, world.admin.token, room, 'seeded secret')).id;
    const { token } = actor(who);
    const visible = Boolean(
      (await gql(server.url, 'query($r: ID!) { room(id: $r) { id } }', { r: room }, token)).data?.room,
    );
    // A room the caller may not even see answers NOT_FOUND, never FORBIDDEN.
    const refused = everything(visible ? 'FORBIDDEN' : 'NOT_FOUND');
    expect(await probe(token, room, seeded)).toEqual(refused);

    const join = await gql(server.url, 'mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: room }, token);
    expect(outcome(join)).toBe(mayJoin ? 'ok' : refused.read);
    expect(await probe(token, room, seeded)).toEqual(mayJoin ? MEMBER : refused);
  });

  it('members of a PRIVATE room read and post without joining (they were added)', async () => {
    const room = await createRoom(server.url, world.mentorOwner.token, {
      kind: 'PRIVATE',
      memberIds: [world.studentMember.id],
    });
    const seeded = (await send(server.url, world.mentorOwner.token, room, 'seeded secret')).id;
    expect(await probe(world.studentMember.token, room, seeded)).toEqual(MEMBER);
  });
});

describe("delete another user's message", () => {
  type Deleter =
    | 'the author'
    | 'another student member'
    | 'a guest member'
    | 'a mentor member'
    | 'a mentor non-member'
    | 'an admin non-member';
  const table: [Deleter, 'PUBLIC' | 'PRIVATE', Outcome][] = [
    ['the author', 'PUBLIC', 'ok'],
    ['another student member', 'PUBLIC', 'FORBIDDEN'],
    ['a guest member', 'PUBLIC', 'FORBIDDEN'],
    ['a mentor member', 'PUBLIC', 'ok'],
    ['a mentor non-member', 'PUBLIC', 'FORBIDDEN'],
    ['an admin non-member', 'PUBLIC', 'ok'],
    ['the author', 'PRIVATE', 'ok'],
    ['another student member', 'PRIVATE', 'FORBIDDEN'],
    ['a mentor member', 'PRIVATE', 'ok'],
    ['a mentor non-member', 'PRIVATE', 'NOT_FOUND'],
  ];

  /** A fresh room where world.studentMember wrote a message, with every deleter placed as its name says. */
  async function scene(kind: 'PUBLIC' | 'PRIVATE') {
    const author = world.studentMember;
    const room =
      kind === 'PUBLIC'
        ? await createRoom(server.url, world.admin.token, { kind, allowGuests: true })
        : await createRoom(server.url, world.mentorOwner.token, {
            kind,
            memberIds: [author.id, world.studentOutsider.id],
          });
    if (kind === 'PUBLIC') {
      for (const member of [author, world.studentOutsider, world.guest, world.mentorOwner])
        await joinRoom(server.url, member.token, room);
    }
    const message = (await send(server.url, author.token, room, 'seeded secret')).id;
    const deleters: Record<Deleter, Actor> = {
      'the author': author,
      'another student member': world.studentOutsider,
      'a guest member': world.guest,
      'a mentor member': world.mentorOwner,
      'a mentor non-member': world.mentorOutsider,
      'an admin non-member': admin2,
    };
    return { room, message, deleters };
  }

  it.each(table)('%s, %s room: %s', async (who, kind, expected) => {
    const { room, message, deleters } = await scene(kind);
    const response = await gql(server.url, DELETE, { m: message }, deleters[who].token);
    expect(outcome(response)).toBe(expected);
    const history = expectOk(await gql(server.url, READ, { r: room }, world.studentMember.token));
    const [stored] = history.room.messages.edges.map((e: { node: { body: string | null } }) => e.node.body);
    if (expected === 'ok') {
      expect(response.data?.deleteMessage.body).toBeNull();
      expect(response.data?.deleteMessage.deletedAt).toEqual(expect.any(String));
      expect(stored).toBeNull();
    } else {
      expect(stored).toBe('seeded secret');
    }
  });
});

describe('edit a message: its author only', () => {
  it.each([
    ['the author', 'ok'],
    ['a mentor member', 'FORBIDDEN'],
    ['an admin member', 'FORBIDDEN'],
    ['another student member', 'FORBIDDEN'],
  ] as const)('%s: %s', async (who, expected) => {
    const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC' });
    const editors = {
      'the author': world.studentMember,
      'a mentor member': world.mentorOwner,
      'an admin member': world.admin,
      'another student member': world.studentOutsider,
    };
    for (const member of Object.values(editors))
      if (member !== world.admin) await joinRoom(server.url, member.token, room);
    const message = (await send(server.url, world.studentMember.token, room, 'seeded secret')).id;
    const response = await gql(server.url, EDIT, { m: message }, editors[who].token);
    expect(outcome(response)).toBe(expected);
    if (expected !== 'ok') expectRefused(response, expected);
  });
});
