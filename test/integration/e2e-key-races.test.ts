/**
 * The two races of issue #4, through the real server: two devices of one member making the key
 * of the same room key version at once (one makes it; the other is refused with CONFLICT and
 * stores nothing; every holder holds the one key, which holders still pass on to new devices),
 * and concurrent registrations at the device cap (exactly the free places are taken).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import {
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  makeDeviceKeys,
  makeRoomKey,
  wrapRoomKey,
} from '../../widget/crypto/index.js';
import { type Actor, registerStudent, startSession, userWithRole } from '../utils/actors.js';
import {
  history,
  openStored,
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

beforeAll(async () => {
  server = await startTestServer();
  [mentor, student] = await Promise.all([userWithRole(server.url, 'MENTOR', 'Mentor'), registerStudent(server.url)]);
});
afterAll(async () => {
  await server.stop();
});

/** Shares a key the sender has just made (`newKey`), wrapped for each recipient, as the widget does. */
const shareNewKey = (sender: TestDevice, roomId: string, roomKey: Uint8Array, recipients: TestDevice[]) =>
  gql(
    server.url,
    `mutation($r: ID!, $d: ID!, $w: [WrappedKeyInput!]!) {
      shareRoomKey(roomId: $r, keyVersion: 1, senderDeviceId: $d, wrapped: $w, newKey: true) }`,
    {
      r: roomId,
      d: sender.id,
      w: recipients.map((r) => ({
        recipientDeviceId: r.id,
        ...wrapRoomKey(roomKey, importPublicDeviceKeys(r)!.boxPublicKey, sender.keys.box.secretKey),
      })),
    },
    sender.owner.token,
  );

/** Who wrapped the version-1 key each device holds, as stored (null: it holds none). */
const makersOf = (roomId: string, devices: TestDevice[]) =>
  Promise.all(
    devices.map(
      async (d) =>
        (await server.store.listWrappedKeys(localId(roomId, 'Room')!, d.id)).find((k) => k.keyVersion === 1)
          ?.senderDeviceId ?? null,
    ),
  );

describe('two devices of the mentor make the key of version 1 at once', () => {
  it.each(['laptop', 'phone'] as const)(
    'one makes it, the other is refused and stores nothing (%s sent first)',
    async (first) => {
      const session = await startSession(server.url, mentor.token, student.id);
      const [laptop, phone, studentDevice] = await registerDevices(server.url, [mentor, mentor, student]);
      const everyDevice = [laptop, phone, studentDevice];
      const keys = { laptop: makeRoomKey(), phone: makeRoomKey() };
      // The laptop listed the devices before the phone registered; the phone lists them all. A
      // server keeping the first box per device would give the phone (or the laptop) a second key.
      const calls = {
        laptop: () => shareNewKey(laptop, session, keys.laptop, [laptop, studentDevice]),
        phone: () => shareNewKey(phone, session, keys.phone, everyDevice),
      };
      const second = first === 'laptop' ? 'phone' : 'laptop';
      const [a, b] = await Promise.all([calls[first](), calls[second]()]);
      const outcomes = { [first]: a, [second]: b } as Record<'laptop' | 'phone', typeof a>;

      const winner = outcomes.laptop.errors ? 'phone' : 'laptop';
      const loser = winner === 'laptop' ? 'phone' : 'laptop';
      const devices = { laptop, phone };
      expect(expectOk(outcomes[winner])).toEqual({ shareRoomKey: true });
      const refusal = expectRefused(outcomes[loser], 'CONFLICT');
      expect(refusal.message).toMatch(/already made on another device.*roomKeys/);

      // Every box stored for version 1 is the winner's, and opens to the winner's key; the
      // loser's call stored nothing at all.
      const makers = await makersOf(session, everyDevice);
      expect(makers.filter((maker) => maker !== null).length).toBeGreaterThanOrEqual(2);
      expect(makers.every((maker) => maker === null || maker === devices[winner].id)).toBe(true);
      expect(makers).not.toContain(devices[loser].id);
      for (const [i, device] of everyDevice.entries()) {
        const key = await unwrapFor(server.url, device, session, 1, everyDevice);
        expect(key).toEqual(makers[i] === null ? null : keys[winner]);
      }

      // Without the key, the loser cannot send; once a holder passes it on, it can, and reads.
      const loserDevice = devices[loser];
      if (makers[everyDevice.indexOf(loserDevice)] === null) {
        const unsent = await sendEncrypted(
          server.url,
          mentor.token,
          session,
          seal(loserDevice, session, 1, keys[loser], 'sealed with the refused key'),
        );
        expect(expectRefused(unsent, 'BAD_USER_INPUT').message).toMatch(/has not been shared with this device/);
        expectOk(await shareRoomKey(server.url, studentDevice, session, 1, keys[winner], [loserDevice]));
      }
      expect(await unwrapFor(server.url, loserDevice, session, 1, everyDevice)).toEqual(keys[winner]);
      await sendSealed(server.url, loserDevice, session, 1, keys[winner], `From the ${loser}.`);
      const { messages } = await history(server.url, student.token, session);
      expect(messages!.map((m) => openStored(m, session, new Map([[1, keys[winner]]]), everyDevice))).toEqual([
        { ok: true, body: `From the ${loser}.` },
      ]);

      // A device registered later gets the key from a holder: the loser, now one, passes it on.
      const tablet = await registerDevice(server.url, mentor);
      expectOk(await shareRoomKey(server.url, loserDevice, session, 1, keys[winner], [tablet]));
      expect(await unwrapFor(server.url, tablet, session, 1, [...everyDevice, tablet])).toEqual(keys[winner]);
      // A device that holds nothing of the version is refused, with or without newKey; so is a
      // new key from a holder (a second key of the version, even for no one new).
      const stranger = await registerDevice(server.url, mentor);
      expectRefused(await shareRoomKey(server.url, stranger, session, 1, makeRoomKey(), [stranger]), 'CONFLICT');
      expectRefused(await shareNewKey(stranger, session, makeRoomKey(), [stranger]), 'CONFLICT');
      expectRefused(await shareNewKey(tablet, session, makeRoomKey(), [tablet, studentDevice]), 'CONFLICT');
      expect(await makersOf(session, [stranger, tablet])).toEqual([null, loserDevice.id]);
    },
  );
});

describe('registerDevice at the device cap, concurrently', () => {
  const REGISTER = 'mutation($b: String!, $s: String!) { registerDevice(boxPublicKey: $b, signPublicKey: $s) { id } }';

  it('takes exactly the free places and refuses the rest with the reason', async () => {
    const user = await registerStudent(server.url, 'Many tabs');
    await registerDevices(
      server.url,
      Array.from({ length: 17 }, () => user),
    );
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => {
        const keys = exportPublicDeviceKeys(makeDeviceKeys());
        return gql(server.url, REGISTER, { b: keys.boxPublicKey, s: keys.signPublicKey }, user.token);
      }),
    );
    const admitted = attempts.filter((attempt) => !attempt.errors);
    expect(admitted).toHaveLength(3);
    for (const refused of attempts.filter((attempt) => attempt.errors)) {
      expect(expectRefused(refused, 'BAD_USER_INPUT').message).toMatch(/At most 20 devices.*removeDevice/);
    }
    const devices = await server.store.listDevices(localId(user.id, 'User')!);
    expect(devices.filter((device) => device.removedAt === null)).toHaveLength(20);
  });
});
