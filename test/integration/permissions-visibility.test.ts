/**
 * Permission table, row "see anything of a PRIVATE or SESSION room: members only", for every
 * role. A non-member (admins included) gets `room(id:)` null, no entry in `rooms`, `node(id:)`
 * null, and NOT_FOUND from every operation on the room or its messages: the very answer a
 * missing id gets (same code, same message), so existence never leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice, type TestDevice } from '../utils/e2e-devices.js';
import { gql } from '../utils/graphql-client.js';
import { expectOk, expectRefused, missingId, refusalOf } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';
import { buildWorld, SECRET_ROOM_NAME, SECRET_TOPIC, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
let studentDevice: TestDevice;
beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server.url);
  studentDevice = await registerDevice(server.url, world.studentMember);
});
afterAll(async () => {
  await server.stop();
});

type ActorKey =
  | 'admin'
  | 'mentorOwner'
  | 'mentorMember'
  | 'mentorOutsider'
  | 'studentMember'
  | 'studentOutsider'
  | 'guest';
type HiddenRoom = 'priv' | 'session';
interface Target {
  room: string;
  message: string;
}

/** Operations that name a room or a message; `vars` fills in the target (real or missing). */
const ROOM_OPS: Record<string, { query: string; vars: (t: Target, w: World) => Record<string, unknown> }> = {
  joinRoom: { query: 'mutation($r: ID!) { joinRoom(roomId: $r) { id name } }', vars: (t) => ({ r: t.room }) },
  leaveRoom: { query: 'mutation($r: ID!) { leaveRoom(roomId: $r) }', vars: (t) => ({ r: t.room }) },
  addRoomMember: {
    query: 'mutation($r: ID!, $u: ID!) { addRoomMember(roomId: $r, userId: $u) { id name } }',
    vars: (t, w) => ({ r: t.room, u: w.studentOutsider.id }),
  },
  removeRoomMember: {
    query: 'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { id name } }',
    vars: (t, w) => ({ r: t.room, u: w.studentMember.id }),
  },
  sendMessage: {
    query: 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id body } }',
    vars: (t) => ({ i: { roomId: t.room, clientId: 'probe', body: 'hello?' } }),
  },
  setTyping: { query: 'mutation($r: ID!) { setTyping(roomId: $r, typing: true) }', vars: (t) => ({ r: t.room }) },
  markRead: {
    query: 'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }',
    vars: (t) => ({ r: t.room, m: t.message }),
  },
  roomKeys: {
    query: 'query($r: ID!) { roomKeys(roomId: $r, deviceId: "probe") { keyVersion } }',
    vars: (t) => ({ r: t.room }),
  },
  shareRoomKey: {
    query: `mutation($r: ID!) { shareRoomKey(roomId: $r, keyVersion: 1, senderDeviceId: "probe",
      wrapped: [{ recipientDeviceId: "probe", nonce: "AAAA", box: "AAAA" }]) }`,
    vars: (t) => ({ r: t.room }),
  },
};

const MESSAGE_OPS: typeof ROOM_OPS = {
  editMessage: {
    query: 'mutation($m: ID!) { editMessage(id: $m, body: "edited") { id body } }',
    vars: (t) => ({ m: t.message }),
  },
  deleteMessage: { query: 'mutation($m: ID!) { deleteMessage(id: $m) { id body } }', vars: (t) => ({ m: t.message }) },
};

/** Who is not a member of which hidden room ("a user of another room" included). */
const OUTSIDERS: Record<HiddenRoom, ActorKey[]> = {
  priv: ['admin', 'mentorOutsider', 'studentOutsider', 'guest'],
  session: ['admin', 'mentorMember', 'mentorOutsider', 'studentOutsider', 'guest'],
};
const MEMBERS: Record<HiddenRoom, ActorKey[]> = {
  priv: ['mentorOwner', 'mentorMember', 'studentMember'],
  session: ['mentorOwner', 'studentMember'],
};

/** Admins may add and remove members of any PRIVATE room (the table's "yes"): not a leak. */
const allowedWithoutMembership = (actor: ActorKey, room: HiddenRoom, op: string) =>
  actor === 'admin' && room === 'priv' && (op === 'addRoomMember' || op === 'removeRoomMember');

const pairs = <T>(rooms: Record<HiddenRoom, ActorKey[]>, extra: (a: ActorKey, r: HiddenRoom) => T[]) =>
  (Object.keys(rooms) as HiddenRoom[]).flatMap((room) => rooms[room].flatMap((actor) => extra(actor, room)));

const HIDDEN_NAMES: Record<HiddenRoom, string> = { priv: SECRET_ROOM_NAME, session: SECRET_TOPIC };
const target = (room: HiddenRoom): Target => ({ room: world.rooms[room], message: world.privMessageId });
const missing = (): Target => ({ room: missingId('Room'), message: missingId('Message') });
const ROOM_READ = 'query($id: ID!) { room(id: $id) { id name kind } }';
const NODE_READ = 'query($id: ID!) { node(id: $id) { id ... on Room { name } ... on Message { body } } }';
const LIST = 'query { rooms { id name } }';

describe('reads of a hidden room answer like a missing one', () => {
  it.each(pairs(OUTSIDERS, (actor, room) => [[actor, room] as const]))(
    '%s, %s room: room(id:) is null, rooms omits it, node(id:) is null',
    async (actor, room) => {
      const token = world[actor].token;
      const hidden = await gql(server.url, ROOM_READ, { id: world.rooms[room] }, token);
      const absent = await gql(server.url, ROOM_READ, { id: missingId('Room') }, token);
      expect(hidden.errors).toBeUndefined();
      expect(hidden.data).toEqual({ room: null });
      expect(hidden.data).toEqual(absent.data);

      const list = await gql(server.url, LIST, {}, token);
      expect(list.errors).toBeUndefined();
      expect(list.data?.rooms.map((r: { id: string }) => r.id)).not.toContain(world.rooms[room]);
      expect(JSON.stringify(list.data)).not.toContain(HIDDEN_NAMES[room]);

      const probes = [[world.rooms[room], missingId('Room')]];
      if (room === 'priv') probes.push([world.privMessageId, missingId('Message')]);
      for (const [id, missingOfType] of probes) {
        const node = await gql(server.url, NODE_READ, { id }, token);
        const none = await gql(server.url, NODE_READ, { id: missingOfType }, token);
        expect(node.errors).toBeUndefined();
        expect(node.data).toEqual({ node: null });
        expect(node.data).toEqual(none.data);
      }
    },
  );

  it.each(pairs(MEMBERS, (actor, room) => [[actor, room] as const]))(
    'member %s sees the %s room everywhere (control)',
    async (actor, room) => {
      const token = world[actor].token;
      const read = await gql(server.url, ROOM_READ, { id: world.rooms[room] }, token);
      expect(read.data?.room?.id).toBe(world.rooms[room]);
      const list = await gql(server.url, LIST, {}, token);
      expect(list.data?.rooms.map((r: { id: string }) => r.id)).toContain(world.rooms[room]);
      const node = await gql(server.url, NODE_READ, { id: world.rooms[room] }, token);
      expect(node.data?.node?.id).toBe(world.rooms[room]);
    },
  );
});

describe('operations on a hidden room answer NOT_FOUND, exactly like a missing id', () => {
  const cases = pairs(OUTSIDERS, (actor, room) =>
    Object.keys(ROOM_OPS)
      .filter((op) => !allowedWithoutMembership(actor, room, op))
      .map((op) => [actor, room, op] as const),
  );
  it.each(cases)('%s, %s room: %s', async (actor, room, op) => {
    const { query, vars } = ROOM_OPS[op];
    const token = world[actor].token;
    const hidden = await gql(server.url, query, vars(target(room), world), token);
    const absent = await gql(server.url, query, vars(missing(), world), token);
    expect(refusalOf(hidden, world.secrets)).toEqual(refusalOf(absent));
    expectRefused(hidden, 'NOT_FOUND');
  });
});

describe("operations on a hidden room's message answer NOT_FOUND, exactly like a missing id", () => {
  const cases = OUTSIDERS.priv.flatMap((actor) => Object.keys(MESSAGE_OPS).map((op) => [actor, op] as const));
  it.each(cases)('%s: %s of a PRIVATE room message', async (actor, op) => {
    const { query, vars } = MESSAGE_OPS[op];
    const token = world[actor].token;
    const hidden = await gql(server.url, query, vars(target('priv'), world), token);
    const absent = await gql(server.url, query, vars(missing(), world), token);
    expect(refusalOf(hidden, world.secrets)).toEqual(refusalOf(absent));
    expectRefused(hidden, 'NOT_FOUND');
  });
});

describe("removeDevice: another user's device answers NOT_FOUND, exactly like a missing id", () => {
  const REMOVE = 'mutation($d: ID!) { removeDevice(deviceId: $d) }';
  const others: ActorKey[] = ['admin', 'mentorOwner', 'mentorMember', 'mentorOutsider', 'studentOutsider', 'guest'];
  it.each(others)('%s cannot remove the device of a student they share rooms with (or not)', async (actor) => {
    const token = world[actor].token;
    const theirs = await gql(server.url, REMOVE, { d: studentDevice.id }, token);
    const absent = await gql(server.url, REMOVE, { d: '00000000-0000-4000-8000-000000000000' }, token);
    expect(refusalOf(theirs)).toEqual(refusalOf(absent));
    expectRefused(theirs, 'NOT_FOUND');
    expect((await server.store.getDevice(studentDevice.id))?.removedAt).toBeNull();
  });

  it('its owner may (control)', async () => {
    const own = await registerDevice(server.url, world.studentMember);
    const response = await gql(server.url, REMOVE, { d: own.id }, world.studentMember.token);
    expect(expectOk(response).removeDevice).toBe(true);
    expect((await server.store.getDevice(own.id))?.removedAt).toBeInstanceOf(Date);
  });
});
