/**
 * Data rights: a user downloads everything the product holds about them (and nothing of anyone
 * else's), and deletes their account: sessions and sockets end, devices and keys go, messages
 * read as tombstones by "Deleted user", the handle is held for the grace period and then
 * released by the sweep. Admins do the same on a user's request, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { makeRoomKey } from '../../widget/crypto/index.js';
import { type Actor, createRoom, guest, joinRoom, registerStudent, send } from '../utils/actors.js';
import { registerDevice, sendSealed, shareRoomKey } from '../utils/e2e-devices.js';
import { connected, gql, must, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { expectOk, expectRefused } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';
import { buildWorld, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
const sockets: WsHandle[] = [];
beforeAll(async () => {
  server = await startTestServer({ ACCOUNT_HANDLE_GRACE_DAYS: '30' });
  world = await buildWorld(server.url);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await server.stop();
});

const DAY = 86_400_000;
const PASSWORD = 'student-password';
const EXPORT = '{ exportMyData }';
const DELETE_MINE = 'mutation($p: String, $h: String) { deleteMyAccount(password: $p, confirmHandle: $h) }';
const DELETE_USER = 'mutation($u: ID!, $why: String!) { deleteUserAccount(userId: $u, reason: $why) }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { token } }';
const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { viewer { id } } }';
const HISTORY = /* GraphQL */ `query($r: ID!) {
  room(id: $r) { messages(first: 50) { edges { node { id body deletedAt author { id handle displayName } } } } }
}`;
const local = (id: string, type: 'User' | 'Room') => localId(id, type)!;

/**
 * A student with a bit of everything: a PRIVATE room shared with a mentor and another student,
 * an encrypted PRIVATE room, a PUBLIC room, messages in each, a receipt, a device, a key backup.
 */
async function busyStudent() {
  const subject = await registerStudent(server.url, 'Subject Person');
  const shared = await createRoom(server.url, world.mentorOwner.token, {
    kind: 'PRIVATE',
    memberIds: [subject.id, world.studentMember.id],
  });
  const sealed = await createRoom(server.url, world.mentorOwner.token, {
    kind: 'PRIVATE',
    encrypted: true,
    memberIds: [subject.id],
  });
  await joinRoom(server.url, subject.token, world.rooms.pubGuests);
  const others = await send(server.url, world.studentMember.token, shared, 'zz-other-student-body');
  await send(server.url, world.mentorOwner.token, shared, 'zz-mentor-body');
  const mine = await send(server.url, subject.token, shared, 'my own words');
  await send(server.url, subject.token, world.rooms.pubGuests, 'hello everyone');
  await must(
    server.url,
    'mutation($r: ID!, $m: ID!) { markRead(roomId: $r, messageId: $m) { lastReadSeq } }',
    { r: shared, m: others.id },
    subject.token,
  );
  const device = await registerDevice(server.url, subject);
  const roomKey = makeRoomKey();
  expectOk(await shareRoomKey(server.url, device, sealed, 1, roomKey, [device]));
  const secret = await sendSealed(server.url, device, sealed, 1, roomKey, 'zz-sealed-plaintext');
  const backup = {
    salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
    iterations: 600_000,
    nonce: 'A'.repeat(32),
    ciphertext: 'B'.repeat(24),
  };
  await must(server.url, 'mutation($i: KeyBackupInput!) { saveKeyBackup(input: $i) }', { i: backup }, subject.token);
  return { subject, shared, sealed, mine, device, secret };
}

describe('exportMyData', () => {
  it('holds the profile, memberships, messages (ciphertext as ciphertext), receipts and devices', async () => {
    const { subject, shared, sealed, mine, device, secret } = await busyStudent();
    const data = expectOk(await gql(server.url, EXPORT, {}, subject.token)).exportMyData;
    expect(data.format).toBe('mentor-chat/export/v1');
    expect(data.profile).toMatchObject({
      id: subject.id,
      handle: subject.handle,
      displayName: 'Subject Person',
      role: 'STUDENT',
    });
    expect(data.memberships.map((m: { roomId: string }) => m.roomId).sort()).toEqual(
      [shared, sealed, world.rooms.pubGuests].sort(),
    );
    const bodies = data.messages.map((m: { body: string | null }) => m.body);
    expect(bodies).toEqual(['my own words', 'hello everyone', null]);
    expect(data.messages[0]).toMatchObject({ id: mine.id, roomId: shared, deletedAt: null });
    expect(data.messages[2].encrypted).toEqual(secret.encrypted);
    expect(data.receipts).toMatchObject([{ roomId: shared, lastReadSeq: 1 }]);
    expect(data.devices).toEqual([
      {
        id: device.id,
        boxPublicKey: device.boxPublicKey,
        signPublicKey: device.signPublicKey,
        createdAt: expect.any(String),
        removedAt: null,
      },
    ]);
    expect(data.keyBackup).toMatchObject({ iterations: 600_000 });
  });

  it('holds nothing of anyone else: no other user’s id, handle, name or message, no plaintext of sealed messages', async () => {
    const { subject } = await busyStudent();
    const text = JSON.stringify(expectOk(await gql(server.url, EXPORT, {}, subject.token)).exportMyData);
    const others = [world.studentMember, world.mentorOwner, world.admin];
    for (const other of others) {
      expect(text).not.toContain(`"${other.handle}"`); // quoted: test handles are prefixes of one another
      expect(text).not.toContain(local(other.id, 'User'));
      expect(text).not.toContain(other.id);
    }
    for (const foreign of [
      'zz-other-student-body',
      'zz-mentor-body',
      'zz-sealed-plaintext',
      'Mentor Owner',
      ...world.secrets,
    ]) {
      expect(text).not.toContain(foreign);
    }
  });

  it('an admin exports a user on request: the same data, and an audit entry', async () => {
    const { subject } = await busyStudent();
    const own = expectOk(await gql(server.url, EXPORT, {}, subject.token)).exportMyData;
    const byAdmin = expectOk(
      await gql(server.url, 'query($u: ID!) { exportUserData(userId: $u) }', { u: subject.id }, world.admin.token),
    ).exportUserData;
    expect({ ...byAdmin, exportedAt: null }).toEqual({ ...own, exportedAt: null });
    const [entry] = await server.store.listAudit({
      action: 'account.export',
      targetUserId: local(subject.id, 'User'),
      limit: 1,
    });
    expect(entry.actorId).toBe(local(world.admin.id, 'User'));
  });
});

describe('deleteMyAccount', () => {
  it('needs the password of an account that has one; a wrong one changes nothing', async () => {
    const { subject } = await busyStudent();
    expectRefused(await gql(server.url, DELETE_MINE, {}, subject.token), 'BAD_USER_INPUT');
    expectRefused(await gql(server.url, DELETE_MINE, { h: subject.handle }, subject.token), 'BAD_USER_INPUT');
    expectRefused(await gql(server.url, DELETE_MINE, { p: 'not-the-password' }, subject.token), 'FORBIDDEN');
    expect(expectOk(await gql(server.url, '{ me { displayName } }', {}, subject.token)).me.displayName).toBe(
      'Subject Person',
    );
    expect(await server.store.listMemberRoomIds(local(subject.id, 'User'))).toHaveLength(3);
  });

  it('ends sessions and sockets, removes devices and memberships, tombstones messages by "Deleted user"', async () => {
    const { subject, shared, mine } = await busyStudent();
    const subjectSocket = wsClient(server.wsUrl, subject.token);
    const readerSocket = wsClient(server.wsUrl, world.studentMember.token);
    sockets.push(subjectSocket, readerSocket);
    await Promise.all([connected(subjectSocket.client), connected(readerSocket.client)]);
    const changes = subscribe(readerSocket.client, 'subscription($r: ID!) { messageChanged(roomId: $r) { id body } }', {
      r: shared,
    });
    await new Promise((r) => setTimeout(r, 200));

    expect(expectOk(await gql(server.url, DELETE_MINE, { p: PASSWORD }, subject.token))).toEqual({
      deleteMyAccount: true,
    });

    expect(await subjectSocket.closed).toBe(4403);
    expectRefused(await gql(server.url, '{ rooms { id } }', {}, subject.token), 'UNAUTHENTICATED');
    const [changed] = await changes.take(1);
    expect(changed.data?.messageChanged).toEqual({ id: mine.id, body: null });

    const history = expectOk(await gql(server.url, HISTORY, { r: shared }, world.studentMember.token)).room.messages
      .edges;
    const theirs = history.map((e: any) => e.node).find((m: { id: string }) => m.id === mine.id);
    expect(theirs).toMatchObject({
      body: null,
      deletedAt: expect.any(String),
      author: { id: subject.id, displayName: 'Deleted user' },
    });
    expect(theirs.author.handle).not.toBe(subject.handle);
    expect(theirs.author.handle).toMatch(/^deleted-/);

    const userId = local(subject.id, 'User');
    expect(await server.store.listMemberRoomIds(userId)).toEqual([]);
    expect(await server.store.listDevices(userId)).toEqual([]);
    expect(await server.store.getKeyBackup(userId)).toBeNull();
    const [entry] = await server.store.listAudit({ action: 'account.delete', targetUserId: userId, limit: 1 });
    expect(entry).toMatchObject({ actorId: userId, details: { memberships: 3, messages: 3, sessions: 1 } });
  });

  it('a deleted account cannot sign in; its handle is refused until the sweep releases it after the grace period', async () => {
    const subject = await registerStudent(server.url, 'Leaving');
    expectOk(await gql(server.url, DELETE_MINE, { p: PASSWORD }, subject.token));

    const signIn = await gql(server.url, SIGN_IN, { i: { handle: subject.handle, password: PASSWORD } });
    const wrong = await gql(server.url, SIGN_IN, { i: { handle: subject.handle, password: 'some-other-password' } });
    expect(expectRefused(signIn, 'UNAUTHENTICATED')).toEqual(expectRefused(wrong, 'UNAUTHENTICATED'));
    const again = { i: { handle: subject.handle, password: 'a-new-password', displayName: 'Newcomer' } };
    expectRefused(await gql(server.url, REGISTER, again), 'CONFLICT');

    const sweep = server.app.services.retention;
    expect((await sweep.runOnce(new Date(Date.now() + 29 * DAY))).handles).toBe(0);
    expectRefused(await gql(server.url, REGISTER, again), 'CONFLICT');
    expect((await sweep.runOnce(new Date(Date.now() + 31 * DAY))).handles).toBeGreaterThanOrEqual(1);
    const fresh = expectOk(await gql(server.url, REGISTER, again)).register.viewer.id;
    expect(fresh).not.toBe(subject.id);
    const [released] = await server.store.listAudit({
      action: 'handle.release',
      targetUserId: local(subject.id, 'User'),
      limit: 1,
    });
    expect(released.actorId).toBeNull();
  });

  it('guests and other accounts without a password confirm with their handle', async () => {
    const visitor = await guest(server.url, 'Passing Visitor');
    expectRefused(await gql(server.url, DELETE_MINE, { h: 'someone-else' }, visitor.token), 'BAD_USER_INPUT');
    expectOk(await gql(server.url, DELETE_MINE, { h: visitor.handle.toUpperCase() }, visitor.token));
    expectRefused(await gql(server.url, '{ rooms { id } }', {}, visitor.token), 'UNAUTHENTICATED');
  });

  it('a deleted user is gone from the directory and cannot be added, muted or put in a session', async () => {
    const subject = await registerStudent(server.url, 'Zz Vanishing');
    expectOk(await gql(server.url, DELETE_MINE, { p: PASSWORD }, subject.token));
    const directory = expectOk(
      await gql(
        server.url,
        '{ directory(search: "vanishing", first: 10) { edges { node { id } } } }',
        {},
        world.admin.token,
      ),
    ).directory.edges;
    expect(directory).toEqual([]);
    const add = 'mutation($r: ID!, $u: ID!) { addRoomMember(roomId: $r, userId: $u) { id } }';
    expectRefused(
      await gql(server.url, add, { r: world.rooms.priv, u: subject.id }, world.mentorOwner.token),
      'NOT_FOUND',
    );
    const mute = 'mutation($r: ID!, $u: ID!) { muteUser(roomId: $r, userId: $u, minutes: 5) { until } }';
    expectRefused(
      await gql(server.url, mute, { r: world.rooms.priv, u: subject.id }, world.mentorOwner.token),
      'NOT_FOUND',
    );
    const start = 'mutation($i: StartMentoringSessionInput!) { startMentoringSession(input: $i) { id } }';
    expectRefused(await gql(server.url, start, { i: { studentId: subject.id } }, world.mentorOwner.token), 'NOT_FOUND');
    const role = 'mutation($u: ID!) { setUserRole(userId: $u, role: MENTOR) { id } }';
    expectRefused(await gql(server.url, role, { u: subject.id }, world.admin.token), 'NOT_FOUND');
  });
});

describe('deleteUserAccount (admins, on request)', () => {
  it('deletes as deleteMyAccount does, keeps the reason in the audit log, and answers NOT_FOUND the second time', async () => {
    const { subject } = await busyStudent();
    const socket = wsClient(server.wsUrl, subject.token);
    sockets.push(socket);
    await connected(socket.client);
    expectRefused(await gql(server.url, DELETE_USER, { u: subject.id, why: '' }, world.admin.token), 'BAD_USER_INPUT');
    expectOk(await gql(server.url, DELETE_USER, { u: subject.id, why: 'Parent request #42' }, world.admin.token));
    expect(await socket.closed).toBe(4403);
    expectRefused(
      await gql(server.url, SIGN_IN, { i: { handle: subject.handle, password: PASSWORD } }),
      'UNAUTHENTICATED',
    );
    const userId = local(subject.id, 'User');
    const [entry] = await server.store.listAudit({ action: 'account.delete', targetUserId: userId, limit: 1 });
    expect(entry).toMatchObject({ actorId: local(world.admin.id, 'User'), details: { reason: 'Parent request #42' } });
    expectRefused(await gql(server.url, DELETE_USER, { u: subject.id, why: 'again' }, world.admin.token), 'NOT_FOUND');
  });

  it('a deleted account’s export is what is left: "Deleted user", no memberships, tombstones', async () => {
    const { subject } = await busyStudent();
    expectOk(await gql(server.url, DELETE_USER, { u: subject.id, why: 'request' }, world.admin.token));
    const data = expectOk(
      await gql(server.url, 'query($u: ID!) { exportUserData(userId: $u) }', { u: subject.id }, world.admin.token),
    ).exportUserData;
    expect(data.profile).toMatchObject({ displayName: 'Deleted user', deletedAt: expect.any(String) });
    expect(data.memberships).toEqual([]);
    expect(data.devices).toEqual([]);
    expect(data.keyBackup).toBeNull();
    expect(
      data.messages.every((m: { body: unknown; encrypted: unknown }) => m.body === null && m.encrypted === null),
    ).toBe(true);
  });
});

describe('sign-in to a joinable room after deletion is impossible', () => {
  it('the deleted user’s old token cannot join rooms or post', async () => {
    const subject: Actor = await registerStudent(server.url, 'Gone');
    expectOk(await gql(server.url, DELETE_MINE, { p: PASSWORD }, subject.token));
    expectRefused(
      await gql(
        server.url,
        'mutation($r: ID!) { joinRoom(roomId: $r) { id } }',
        { r: world.rooms.pubGuests },
        subject.token,
      ),
      'UNAUTHENTICATED',
    );
  });
});
