/**
 * Removing a device (`removeDevice`, which the widget calls on sign-out): the keys wrapped for
 * it go and it gets no more, it can no longer send or share, its public keys stay for what it
 * signed and wrapped before, staff removals are audited, and the device cap counts only
 * devices in use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { exportPublicDeviceKeys, makeDeviceKeys, makeRoomKey } from '../../widget/crypto/index.js';
import { type Actor, registerStudent, startSession, userWithRole } from '../utils/actors.js';
import {
  devicesOf,
  history,
  openStored,
  type PublicDevice,
  registerDevice,
  registerDevices,
  seal,
  sendEncrypted,
  sendSealed,
  shareRoomKey,
  type TestDevice,
  unwrapFor,
} from '../utils/e2e-devices.js';
import { gql } from '../utils/graphql-client.js';
import { expectOk, expectRefused } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let mentor: Actor;
let student: Actor;
let session: string;

const REMOVE = 'mutation($d: ID!) { removeDevice(deviceId: $d) }';
const REGISTER = 'mutation($b: String!, $s: String!) { registerDevice(boxPublicKey: $b, signPublicKey: $s) { id } }';
const WITH_REMOVED =
  'query($u: ID!) { devices(userId: $u, includeRemoved: true) { id boxPublicKey signPublicKey removedAt } }';
const remove = (actor: Actor, deviceId: string) => gql(server.url, REMOVE, { d: deviceId }, actor.token);
const keysIn = (roomId: string, deviceId: string) => server.store.listWrappedKeys(localId(roomId, 'Room')!, deviceId);

beforeAll(async () => {
  server = await startTestServer();
  [mentor, student] = await Promise.all([userWithRole(server.url, 'MENTOR', 'Mentor'), registerStudent(server.url)]);
  session = await startSession(server.url, mentor.token, student.id);
});
afterAll(async () => {
  await server.stop();
});

describe('removeDevice', () => {
  let laptop: TestDevice;
  let phone: TestDevice;
  let studentDevice: TestDevice;
  const roomKey = makeRoomKey();

  it('deletes the keys wrapped for the device; what it signed and wrapped stays readable', async () => {
    [laptop, phone, studentDevice] = await registerDevices(server.url, [mentor, mentor, student]);
    expectOk(await shareRoomKey(server.url, laptop, session, 1, roomKey, [laptop, phone, studentDevice]));
    const said = await sendSealed(server.url, laptop, session, 1, roomKey, 'Signed by the laptop before it went');

    expect(expectOk(await remove(mentor, laptop.id)).removeDevice).toBe(true);
    expect(await keysIn(session, laptop.id)).toEqual([]);
    expect(await keysIn(session, phone.id)).toHaveLength(1);

    // In use only, by default: nobody wraps new keys for it.
    const inUse = expectOk(await devicesOf(server.url, student.token, mentor.id)).devices.map((d) => d.id);
    expect(inUse).toEqual([phone.id]);
    // With removed ones: its public keys still check its signature and open the key it wrapped.
    const all = expectOk(await gql(server.url, WITH_REMOVED, { u: mentor.id }, student.token))
      .devices as (PublicDevice & {
      removedAt: string | null;
    })[];
    expect(all.find((d) => d.id === laptop.id)?.removedAt).toEqual(expect.any(String));
    expect(all.find((d) => d.id === phone.id)?.removedAt).toBeNull();
    const opened = await unwrapFor(server.url, studentDevice, session, 1, all);
    expect(opened).toEqual(roomKey);
    const { messages } = await history(server.url, student.token, session);
    const stored = messages?.find((m) => m.id === said.id);
    expect(openStored(stored!, session, new Map([[1, opened!]]), all)).toEqual({
      ok: true,
      body: 'Signed by the laptop before it went',
    });
  });

  it('a removed device can no longer send, share or fetch keys, nor come back with the same keys', async () => {
    const send = await sendEncrypted(server.url, mentor.token, session, seal(laptop, session, 1, roomKey, 'late'));
    expect(expectRefused(send, 'BAD_USER_INPUT').message).toContain('removed');
    expect(send.errors?.[0].extensions?.field).toBe('senderDeviceId');
    expectRefused(await shareRoomKey(server.url, laptop, session, 1, roomKey, [phone]), 'BAD_USER_INPUT');
    const fetch = await gql(
      server.url,
      'query($r: ID!, $d: ID!) { roomKeys(roomId: $r, deviceId: $d) { box } }',
      { r: session, d: laptop.id },
      mentor.token,
    );
    expectRefused(fetch, 'BAD_USER_INPUT');
    const again = await gql(server.url, REGISTER, { b: laptop.boxPublicKey, s: laptop.signPublicKey }, mentor.token);
    expect(expectRefused(again, 'BAD_USER_INPUT').message).toContain('removed');
  });

  it('a key shared for a device removed meanwhile is dropped; the rest of the call is stored', async () => {
    const tablet = await registerDevice(server.url, mentor);
    expectOk(await remove(mentor, tablet.id));
    expectOk(await shareRoomKey(server.url, studentDevice, session, 1, roomKey, [tablet, studentDevice]));
    expect(await keysIn(session, tablet.id)).toEqual([]);
    expect(await keysIn(session, studentDevice.id)).toHaveLength(1);
  });

  it('removing it again answers true and changes nothing; the first time stays', async () => {
    const before = await server.store.getDevice(laptop.id);
    expect(expectOk(await remove(mentor, laptop.id)).removeDevice).toBe(true);
    expect(await server.store.getDevice(laptop.id)).toEqual(before);
  });

  it("staff removals are audited (a student's are not)", async () => {
    const audited = await server.store.listAudit({ action: 'device.remove', limit: 50 });
    const mine = audited.filter((entry) => entry.actorId === localId(mentor.id, 'User'));
    expect(mine.map((entry) => entry.details)).toContainEqual({ deviceId: laptop.id, safeguardingLead: false });
    expect(mine).toHaveLength(2); // the laptop once (the repeat is not a removal), and the tablet
    expectOk(await remove(student, studentDevice.id));
    const after = await server.store.listAudit({ action: 'device.remove', limit: 50 });
    expect(after).toHaveLength(audited.length);
  });
});

describe('the device cap counts devices in use', () => {
  it('refuses the 21st with a reason naming the limit; a removal makes room', async () => {
    const user = await registerStudent(server.url, 'Many browsers');
    const devices: TestDevice[] = [];
    for (let i = 0; i < 20; i++) devices.push(await registerDevice(server.url, user));
    const extra = exportPublicDeviceKeys(makeDeviceKeys());
    const refused = await gql(server.url, REGISTER, { b: extra.boxPublicKey, s: extra.signPublicKey }, user.token);
    expect(expectRefused(refused, 'BAD_USER_INPUT').message).toMatch(/20 devices.*removeDevice/);
    // Registering a device already in use still answers that device.
    const same = await gql(
      server.url,
      REGISTER,
      { b: devices[3].boxPublicKey, s: devices[3].signPublicKey },
      user.token,
    );
    expect(expectOk(same).registerDevice.id).toBe(devices[3].id);

    expectOk(await remove(user, devices[0].id));
    const admitted = await gql(server.url, REGISTER, { b: extra.boxPublicKey, s: extra.signPublicKey }, user.token);
    expect(expectOk(admitted).registerDevice.id).toEqual(expect.any(String));
    expect((await server.store.listDevices(localId(user.id, 'User')!)).length).toBe(21);
  });
});
