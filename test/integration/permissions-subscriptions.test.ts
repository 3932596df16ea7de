/**
 * "Only members may subscribe", over real graphql-ws sockets: non-members of a PRIVATE or
 * SESSION room get NOT_FOUND (exactly like a missing room), non-members of a PUBLIC room
 * they may see get FORBIDDEN until they join. And authorization holds per event: a member
 * removed from a PRIVATE room has every live subscription end at once, and never receives
 * a message sent after the removal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, send } from '../utils/actors.js';
import { connected, gql, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { missingId, wsRefusal } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';
import { buildWorld, type World } from '../utils/world.js';

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

async function socketFor(token: string) {
  const handle = wsClient(server.wsUrl, token);
  sockets.push(handle);
  await connected(handle.client);
  return handle.client;
}

const SUBSCRIPTIONS = {
  messageAdded: 'subscription($r: ID!) { messageAdded(roomId: $r) { id body } }',
  messageChanged: 'subscription($r: ID!) { messageChanged(roomId: $r) { id body } }',
  typing: 'subscription($r: ID!) { typing(roomId: $r) { typing } }',
  receipts: 'subscription($r: ID!) { receipts(roomId: $r) { lastReadSeq } }',
};
type Sub = keyof typeof SUBSCRIPTIONS;
const SUB_NAMES = Object.keys(SUBSCRIPTIONS) as Sub[];

type ActorKey = 'admin' | 'mentorMember' | 'mentorOutsider' | 'studentOutsider' | 'guest';
type RoomKey = keyof World['rooms'];
/** [who, which room, expected refusal]; public rooms were never joined by these callers. */
const REFUSED: [ActorKey, RoomKey, 'NOT_FOUND' | 'FORBIDDEN'][] = [
  ['admin', 'priv', 'NOT_FOUND'],
  ['mentorOutsider', 'priv', 'NOT_FOUND'],
  ['studentOutsider', 'priv', 'NOT_FOUND'],
  ['guest', 'priv', 'NOT_FOUND'],
  ['admin', 'session', 'NOT_FOUND'],
  ['mentorMember', 'session', 'NOT_FOUND'],
  ['studentOutsider', 'session', 'NOT_FOUND'],
  ['studentOutsider', 'pubNoGuests', 'FORBIDDEN'],
  ['mentorOutsider', 'pubGuests', 'FORBIDDEN'],
  ['guest', 'pubGuests', 'FORBIDDEN'],
  // PUBLIC rooms are visible to every signed-in caller (the contract's `rooms`); a guest may not join this one.
  ['guest', 'pubNoGuests', 'FORBIDDEN'],
];

describe('non-members cannot subscribe', () => {
  const cases = REFUSED.flatMap(([who, room, code]) => SUB_NAMES.map((sub) => [who, room, sub, code] as const));
  it.each(cases)('%s to %s: %s is refused with %s', async (who, room, sub, code) => {
    const client = await socketFor(world[who].token);
    const refusal = await wsRefusal(client, SUBSCRIPTIONS[sub], { r: world.rooms[room] });
    expect(refusal.code, refusal.message).toBe(code);
    if (code === 'NOT_FOUND') {
      expect(refusal).toEqual(await wsRefusal(client, SUBSCRIPTIONS[sub], { r: missingId('Room') }));
    }
  });

  it.each(SUB_NAMES)('a member can subscribe to %s (control)', async (sub) => {
    const client = await socketFor(world.studentMember.token);
    const live = subscribe(client, SUBSCRIPTIONS[sub], { r: world.rooms.priv });
    await new Promise((r) => setTimeout(r, 200));
    expect(live.completed).toBe(false);
    expect(live.events).toEqual([]);
    live.unsubscribe();
  });
});

describe('a member removed from a PRIVATE room stops receiving at once', () => {
  const REMOVE = 'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { id } }';

  it('every live subscription of the removed member completes, and later messages never reach them', async () => {
    const room = await createRoom(server.url, world.mentorOwner.token, {
      kind: 'PRIVATE',
      memberIds: [world.studentMember.id, world.mentorMember.id],
    });
    const removedClient = await socketFor(world.studentMember.token);
    const stayingClient = await socketFor(world.mentorMember.token);
    const removed = Object.fromEntries(
      SUB_NAMES.map((sub) => [sub, subscribe(removedClient, SUBSCRIPTIONS[sub], { r: room })]),
    );
    const staying = subscribe(stayingClient, SUBSCRIPTIONS.messageAdded, { r: room });
    await new Promise((r) => setTimeout(r, 200));

    await send(server.url, world.mentorOwner.token, room, 'before removal');
    const [before] = await removed.messageAdded.take(1);
    expect(before.data?.messageAdded.body).toBe('before removal');

    const removal = await gql(server.url, REMOVE, { r: room, u: world.studentMember.id }, world.mentorOwner.token);
    expect(removal.errors).toBeUndefined();
    // "At once": completion follows the removal without waiting for the next event.
    await Promise.all(SUB_NAMES.map((sub) => removed[sub].untilComplete(1000)));

    await send(server.url, world.mentorOwner.token, room, 'after removal');
    await gql(
      server.url,
      'mutation($r: ID!) { setTyping(roomId: $r, typing: true) }',
      { r: room },
      world.mentorOwner.token,
    );
    await staying.take(2);
    expect(staying.events.map((e) => e.data?.messageAdded.body)).toEqual(['before removal', 'after removal']);
    await new Promise((r) => setTimeout(r, 200));
    expect(removed.messageAdded.events.map((e) => e.data?.messageAdded.body)).toEqual(['before removal']);
    for (const sub of ['messageChanged', 'typing', 'receipts'] as const) expect(removed[sub].events).toEqual([]);

    // And a new subscription from the same open socket is refused like any outsider's.
    const again = await wsRefusal(removedClient, SUBSCRIPTIONS.messageAdded, { r: room });
    expect(again.code).toBe('NOT_FOUND');
  });
});
