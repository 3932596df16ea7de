/**
 * The end-to-end encryption API with the widget's own crypto module in Node: devices, wrapped
 * room keys, sealed and signed messages, who can see what, what the database holds, key
 * versions after a removal, and the refusals (BAD_USER_INPUT, nothing stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { encodeBase64, makeRoomKey, openMessage } from '../../widget/crypto/index.js';
import {
  type Actor,
  createRoom,
  joinRoom,
  registerStudent,
  send,
  signInAdmin,
  startSession,
  userWithRole,
} from '../utils/actors.js';
import {
  devicesOf,
  history,
  openStored,
  registerDevice,
  registerDevices,
  roomKeysOf,
  seal,
  sendEncrypted,
  sendSealed,
  shareRoomKey,
  type TestDevice,
  unwrapFor,
} from '../utils/e2e-devices.js';
import { connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { openRawDatabase, rawDatabaseContains } from '../utils/raw-db.js';
import { expectOk, expectRefused, wsRefusal } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let mentor: Actor;
let student: Actor;
let session: string;
let mentorLaptop: TestDevice;
let mentorPhone: TestDevice;
let studentDevice: TestDevice;
let everyDevice: TestDevice[];
const roomKey = makeRoomKey();
const keys = new Map([[1, roomKey]]);

const MENTOR_SAYS = 'I am here for you whenever the week gets heavy.';
const STUDENT_SAYS = 'Zebra-quartz: I have not told anyone about the exam panic yet.';

beforeAll(async () => {
  server = await startTestServer();
  [mentor, student] = await Promise.all([userWithRole(server.url, 'MENTOR', 'Mentor'), registerStudent(server.url)]);
  session = await startSession(server.url, mentor.token, student.id);
  [mentorLaptop, mentorPhone, studentDevice] = await registerDevices(server.url, [mentor, mentor, student]);
  everyDevice = [mentorLaptop, mentorPhone, studentDevice];
});
afterAll(async () => {
  await server.stop();
});

const roomLocalId = (id: string) => localId(id, 'Room')!;
const storedCount = async (roomId: string) =>
  (await server.store.listMessages(roomLocalId(roomId), { limit: 1000, from: 'oldest' })).length;

describe('a mentoring session, end to end', () => {
  it('the mentor wraps the room key for every device of both members; both read each other, signatures checked', async () => {
    // The mentor learns the student's devices, the student the mentor's (they share the room).
    const studentDevices = expectOk(await devicesOf(server.url, mentor.token, student.id)).devices;
    const mentorDevices = expectOk(await devicesOf(server.url, student.token, mentor.id)).devices;
    expect(studentDevices.map((d) => d.id)).toEqual([studentDevice.id]);
    expect(mentorDevices.map((d) => d.id).sort()).toEqual([mentorLaptop.id, mentorPhone.id].sort());
    expect(studentDevices[0]).not.toHaveProperty('secretKey');

    expect(
      expectOk(
        await shareRoomKey(server.url, mentorLaptop, session, 1, roomKey, [...mentorDevices, ...studentDevices]),
      ),
    ).toEqual({ shareRoomKey: true });

    // Every device of both members unwraps the same key.
    for (const device of everyDevice) {
      expect(await unwrapFor(server.url, device, session, 1, everyDevice)).toEqual(roomKey);
    }

    const live = wsClient(server.wsUrl, student.token);
    await connected(live.client);
    const feed = subscribe(
      live.client,
      `subscription($r: ID!) { messageAdded(roomId: $r) { body kind encrypted { ciphertext } } }`,
      {
        r: session,
      },
    );
    await new Promise((r) => setTimeout(r, 100));
    const fromMentor = await sendSealed(server.url, mentorPhone, session, 1, roomKey, MENTOR_SAYS);
    const fromStudent = await sendSealed(server.url, studentDevice, session, 1, roomKey, STUDENT_SAYS);
    expect(fromMentor).toMatchObject({ body: null, kind: 'USER' });
    expect(fromMentor.encrypted?.ciphertext).not.toContain('week');
    const [first] = await feed.take(1);
    expect(first.data?.messageAdded).toMatchObject({ body: null, kind: 'USER' });
    expect(first.data?.messageAdded.encrypted.ciphertext).toBe(fromMentor.encrypted?.ciphertext);
    await live.dispose();

    const seenByStudent = (await history(server.url, student.token, session)).messages!;
    const seenByMentor = (await history(server.url, mentor.token, session)).messages!;
    const opened = (list: typeof seenByStudent) => list.map((m) => openStored(m, session, keys, everyDevice));
    expect(opened(seenByStudent)).toEqual([
      { ok: true, body: MENTOR_SAYS },
      { ok: true, body: STUDENT_SAYS },
    ]);
    expect(opened(seenByMentor)).toEqual(opened(seenByStudent));
    expect(seenByMentor.map((m) => m.id)).toEqual([fromMentor.id, fromStudent.id]);
  });

  it('a third user and an admin who is not a member see nothing of it', async () => {
    const third = await userWithRole(server.url, 'MENTOR', 'Third');
    const admin = await signInAdmin(server.url);
    const { messages } = await history(server.url, mentor.token, session);
    for (const outsider of [third, admin]) {
      const device = await registerDevice(server.url, outsider);
      const read = await history(server.url, outsider.token, session);
      expect(read.response.errors).toBeUndefined();
      expect(read.response.data).toEqual({ room: null });
      const node = await gql(
        server.url,
        'query($id: ID!) { node(id: $id) { id } }',
        { id: messages![0].id },
        outsider.token,
      );
      expect(node.data).toEqual({ node: null });
      expectRefused(await roomKeysOf(server.url, device, session), 'NOT_FOUND');
      expectRefused(await devicesOf(server.url, outsider.token, student.id), 'NOT_FOUND');
      expectRefused(await shareRoomKey(server.url, device, session, 1, makeRoomKey(), [device]), 'NOT_FOUND');
      expectRefused(
        await sendEncrypted(server.url, outsider.token, session, seal(device, session, 1, roomKey, 'hi')),
        'NOT_FOUND',
      );
      const ws = wsClient(server.wsUrl, outsider.token);
      const refusal = await wsRefusal(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { id } }', {
        r: session,
      });
      expect(refusal.code).toBe('NOT_FOUND');
      await ws.dispose();
      const rooms = await must(server.url, '{ rooms { id } }', {}, outsider.token);
      expect(rooms.rooms.map((r: { id: string }) => r.id)).not.toContain(session);
    }
  });

  it('devices(userId:) answers the user, and anyone sharing a room with them; NOT_FOUND to others', async () => {
    const stranger = await registerStudent(server.url, 'Stranger');
    expectRefused(await devicesOf(server.url, stranger.token, mentor.id), 'NOT_FOUND');
    const admin = await signInAdmin(server.url);
    const lobby = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    await joinRoom(server.url, stranger.token, lobby);
    await joinRoom(server.url, mentor.token, lobby);
    expect(expectOk(await devicesOf(server.url, stranger.token, mentor.id)).devices).toHaveLength(2);
    expect(expectOk(await devicesOf(server.url, stranger.token, stranger.id)).devices).toEqual([]);
    const guest = await gql(server.url, 'mutation { joinAnonymously { token } }');
    expectRefused(await devicesOf(server.url, guest.data!.joinAnonymously.token, mentor.id), 'FORBIDDEN');
  });

  it('the raw database file never holds the plaintext of an encrypted message', async () => {
    expect(rawDatabaseContains(server.dataDir, STUDENT_SAYS)).toBe(false);
    expect(rawDatabaseContains(server.dataDir, MENTOR_SAYS)).toBe(false);
    expect(rawDatabaseContains(server.dataDir, 'Zebra-quartz')).toBe(false);
    // Control: the same search finds a sentence sent in a plaintext room (no DATA_ENCRYPTION_KEY here).
    const room = await createRoom(server.url, mentor.token, { kind: 'PRIVATE', memberIds: [student.id] });
    await send(server.url, student.token, room, 'Control sentence stored in clear, quokka-7.');
    expect(rawDatabaseContains(server.dataDir, 'quokka-7')).toBe(true);
  });

  it('a ciphertext altered in the database fails its signature check: the reader shows a warning', async () => {
    const sent = await sendSealed(server.url, mentorLaptop, session, 1, roomKey, 'This one will be tampered with.');
    const ciphertext = Buffer.from(sent.encrypted!.ciphertext, 'base64');
    ciphertext[0] ^= 0x01;
    const db = openRawDatabase(server.dataDir);
    try {
      const changed = db
        .prepare("UPDATE messages SET encrypted = json_set(encrypted, '$.ciphertext', ?) WHERE id = ?")
        .run(ciphertext.toString('base64'), localId(sent.id, 'Message'));
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    const stored = (await history(server.url, student.token, session)).messages!.find((m) => m.id === sent.id)!;
    expect(stored.encrypted!.ciphertext).toBe(ciphertext.toString('base64'));
    expect(openStored(stored, session, keys, everyDevice)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('a key already shared for a (version, device) is kept: a later share cannot swap it', async () => {
    const other = makeRoomKey();
    expectOk(await shareRoomKey(server.url, studentDevice, session, 1, other, everyDevice));
    for (const device of everyDevice) {
      expect(await unwrapFor(server.url, device, session, 1, everyDevice)).toEqual(roomKey);
    }
  });
});

describe('refusals are BAD_USER_INPUT with a reason, and store nothing', () => {
  const b64 = (n: number) => encodeBase64(new Uint8Array(n));
  const valid = () => seal(mentorLaptop, session, 1, roomKey, 'valid');
  const cases: [string, () => Record<string, unknown>, string][] = [
    ['nonce is not base64', () => ({ ...valid(), nonce: 'not base64!' }), 'nonce'],
    ['nonce of 23 bytes', () => ({ ...valid(), nonce: b64(23) }), 'nonce'],
    ['signature in non-canonical base64', () => ({ ...valid(), signature: `${b64(64).slice(0, -3)}B==` }), 'signature'],
    ['signature of 63 bytes', () => ({ ...valid(), signature: b64(63) }), 'signature'],
    ['ciphertext over 32 KiB', () => ({ ...valid(), ciphertext: b64(32 * 1024 + 1) }), 'ciphertext'],
    ['ciphertext shorter than a secretbox tag', () => ({ ...valid(), ciphertext: b64(15) }), 'ciphertext'],
    ['unknown key version', () => seal(mentorLaptop, session, 7, roomKey, 'future'), 'keyVersion'],
    ["someone else's senderDeviceId", () => ({ ...valid(), senderDeviceId: studentDevice.id }), 'senderDeviceId'],
    ['a device id that does not exist', () => ({ ...valid(), senderDeviceId: 'no-such-device' }), 'senderDeviceId'],
    ['payload version 2', () => ({ ...valid(), v: 2 }), 'encrypted.v'],
    ['a signature for another room', () => seal(mentorLaptop, `${session}x`, 1, roomKey, 'moved'), 'signature'],
    [
      'a signature by another device of the sender',
      () => ({ ...valid(), senderDeviceId: mentorPhone.id }),
      'signature',
    ],
  ];

  it.each(cases)('sendMessage: %s', async (_name, payload, field) => {
    const before = await storedCount(session);
    const refusal = await sendEncrypted(server.url, mentor.token, session, payload());
    expectRefused(refusal, 'BAD_USER_INPUT');
    expect(refusal.errors?.[0].extensions?.field).toBe(field);
    expect(refusal.errors?.[0].message.length).toBeGreaterThan(10);
    expect(await storedCount(session)).toBe(before);
  });

  it('sendMessage: a body in an encrypted room', async () => {
    const before = await storedCount(session);
    const refusal = await gql(
      server.url,
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
      { i: { roomId: session, clientId: 'plain', body: 'in clear?' } },
      mentor.token,
    );
    expectRefused(refusal, 'BAD_USER_INPUT');
    expect(await storedCount(session)).toBe(before);
    expect(rawDatabaseContains(server.dataDir, 'in clear?')).toBe(false);
  });

  it('registerDevice: keys that are not 32 bytes', async () => {
    const before = (await server.store.listDevices(student.id)).length;
    const query = 'mutation($b: String!, $s: String!) { registerDevice(boxPublicKey: $b, signPublicKey: $s) { id } }';
    expectRefused(await gql(server.url, query, { b: b64(31), s: b64(32) }, student.token), 'BAD_USER_INPUT');
    expectRefused(await gql(server.url, query, { b: b64(32), s: 'AAAA' }, student.token), 'BAD_USER_INPUT');
    expect(await server.store.listDevices(student.id)).toHaveLength(before);
  });

  it('shareRoomKey: a wrong box size, an unknown version, a recipient who is not a member', async () => {
    const outsider = await registerDevice(server.url, await registerStudent(server.url, 'Outsider'));
    const share = (version: number, wrapped: Record<string, unknown>[]) =>
      gql(
        server.url,
        `mutation($r: ID!, $v: Int!, $d: ID!, $w: [WrappedKeyInput!]!) {
          shareRoomKey(roomId: $r, keyVersion: $v, senderDeviceId: $d, wrapped: $w) }`,
        { r: session, v: version, d: mentorLaptop.id, w: wrapped },
        mentor.token,
      );
    const good = { recipientDeviceId: studentDevice.id, nonce: b64(24), box: b64(48) };
    for (const [version, wrapped, field] of [
      [1, [{ ...good, box: b64(47) }], 'box'],
      [2, [good], 'keyVersion'],
      [1, [{ ...good, recipientDeviceId: outsider.id }], 'recipientDeviceId'],
      [1, [good, { ...good, recipientDeviceId: outsider.id }], 'recipientDeviceId'],
      [1, [], 'wrapped'],
    ] as const) {
      const refusal = await share(version, [...wrapped]);
      expectRefused(refusal, 'BAD_USER_INPUT');
      expect(refusal.errors?.[0].extensions?.field).toBe(field);
    }
    expect(await server.store.listWrappedKeys(roomLocalId(session), outsider.id)).toEqual([]);
    const plainRoom = await createRoom(server.url, mentor.token, { kind: 'PRIVATE', memberIds: [student.id] });
    expectRefused(
      await shareRoomKey(server.url, mentorLaptop, plainRoom, 1, roomKey, [studentDevice]),
      'BAD_USER_INPUT',
    );
  });

  it("roomKeys: only the caller's own device", async () => {
    const refusal = await gql(
      server.url,
      'query($r: ID!, $d: ID!) { roomKeys(roomId: $r, deviceId: $d) { box } }',
      { r: session, d: mentorLaptop.id },
      student.token,
    );
    expectRefused(refusal, 'BAD_USER_INPUT');
    expect(refusal.data).toBeNull();
  });
});

describe('removing a member from an encrypted PRIVATE room', () => {
  it('starts a new key version: old-version sends are refused until a member shares it; the removed member reads nothing new', async () => {
    const [owner, stays, leaves] = await Promise.all([
      userWithRole(server.url, 'MENTOR', 'Owner'),
      registerStudent(server.url, 'Stays'),
      registerStudent(server.url, 'Leaves'),
    ]);
    const room = await createRoom(server.url, owner.token, {
      kind: 'PRIVATE',
      encrypted: true,
      memberIds: [stays.id, leaves.id],
    });
    const [ownerDev, staysDev, leavesDev] = await registerDevices(server.url, [owner, stays, leaves]);
    const v1 = makeRoomKey();
    expectOk(await shareRoomKey(server.url, ownerDev, room, 1, v1, [ownerDev, staysDev, leavesDev]));
    await sendSealed(server.url, leavesDev, room, 1, v1, 'Before the removal.');

    const removed = await must(
      server.url,
      'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { keyVersion } }',
      { r: room, u: leaves.id },
      owner.token,
    );
    expect(removed.removeRoomMember.keyVersion).toBe(2);

    const before = await storedCount(room);
    const oldVersion = await sendEncrypted(server.url, stays.token, room, seal(staysDev, room, 1, v1, 'old key'));
    expectRefused(oldVersion, 'BAD_USER_INPUT');
    expect(oldVersion.errors?.[0].extensions?.field).toBe('keyVersion');
    const v2 = makeRoomKey();
    const notShared = await sendEncrypted(server.url, stays.token, room, seal(staysDev, room, 2, v2, 'new key'));
    expectRefused(notShared, 'BAD_USER_INPUT');
    expect(await storedCount(room)).toBe(before);

    // The new version cannot be wrapped for the removed member's device, in any company.
    expectRefused(
      await shareRoomKey(server.url, staysDev, room, 2, v2, [ownerDev, staysDev, leavesDev]),
      'BAD_USER_INPUT',
    );
    expect((await server.store.listWrappedKeys(roomLocalId(room), staysDev.id)).map((k) => k.keyVersion)).toEqual([1]);
    expectOk(await shareRoomKey(server.url, staysDev, room, 2, v2, [ownerDev, staysDev]));

    const after = await sendSealed(server.url, staysDev, room, 2, v2, 'Said after the removal: pelican-41.');
    const seen = (await history(server.url, owner.token, room)).messages!;
    const devices = [ownerDev, staysDev, leavesDev];
    expect(
      seen.map((m) =>
        openStored(
          m,
          room,
          new Map([
            [1, v1],
            [2, v2],
          ]),
          devices,
        ),
      ),
    ).toEqual([
      { ok: true, body: 'Before the removal.' },
      { ok: true, body: 'Said after the removal: pelican-41.' },
    ]);

    // The removed member: no key of version 2, no room, no history, no keys, no live feed.
    const kept = await server.store.listWrappedKeys(roomLocalId(room), leavesDev.id);
    expect(kept.map((k) => k.keyVersion)).toEqual([1]);
    expect((await history(server.url, leaves.token, room)).response.data).toEqual({ room: null });
    expectRefused(await roomKeysOf(server.url, leavesDev, room), 'NOT_FOUND');
    const ws = wsClient(server.wsUrl, leaves.token);
    expect(
      (await wsRefusal(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { id } }', { r: room })).code,
    ).toBe('NOT_FOUND');
    await ws.dispose();
    // Even holding the new ciphertext, the old key opens nothing.
    const withOldKey = openMessage(after.encrypted!, {
      roomId: room,
      roomKey: v1,
      senderSignPublicKey: staysDev.keys.sign.publicKey,
    });
    expect(withOldKey).toEqual({ ok: false, reason: 'cannot-decrypt' });
  });
});
