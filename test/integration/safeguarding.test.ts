/**
 * Safeguarding review without a server-side key: with a designated lead, session keys are also
 * wrapped for the lead's devices; the lead reads a session only after opening it for review,
 * which is audited and announced to both participants. Without a lead, nobody else reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewOpenedText } from '../../server/safeguarding/safeguarding.service.js';
import { localId } from '../../server/schema/ids.js';
import { makeRoomKey } from '../../widget/crypto/index.js';
import { type Actor, createRoom, registerStudent, signInAdmin, startSession, userWithRole } from '../utils/actors.js';
import {
  devicesOf,
  history,
  openStored,
  type PublicDevice,
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
import { expectOk, expectRefused, wsRefusal } from '../utils/refusals.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

const NOTICE = "This session may be reviewed by the school's safeguarding lead";
const REASON = 'A teacher raised a concern about this mentoring relationship.';
const SET_LEAD =
  'mutation($u: ID!, $e: Boolean!) { setSafeguardingLead(userId: $u, enabled: $e) { id role safeguardingLead } }';
const OPEN = 'mutation($r: ID!, $why: String!) { openSessionForReview(roomId: $r, reason: $why) { id kind } }';
const SESSIONS_OF = `query($p: ID!) { reviewableSessions(participantId: $p) {
  roomId name openedForReview participants { id } } }`;
const KIND = 'query($r: ID!) { room(id: $r) { kind } }';
const SAFEGUARDING = `query($r: ID!) { room(id: $r) { keyVersion reviewNotice viewerIsMember
  safeguardingReviewers { id } safeguardingDevices { id boxPublicKey signPublicKey } } }`;

let server: TestServer;
let admin: Actor;
let lead: Actor;
let otherAdmin: Actor;
let mentor: Actor;
let student: Actor;

const safeguardingOf = async (room: string, token: string) =>
  (await must(server.url, SAFEGUARDING, { r: room }, token)).room;
const audit = (action: string) => server.store.listAudit({ action, limit: 50 });

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
  [lead, otherAdmin, mentor, student] = await Promise.all([
    userWithRole(server.url, 'ADMIN', 'Safeguarding Lead'),
    userWithRole(server.url, 'ADMIN', 'Other Admin'),
    userWithRole(server.url, 'MENTOR', 'Mentor'),
    registerStudent(server.url, 'Student'),
  ]);
});
afterAll(async () => {
  await server.stop();
});

describe('without a safeguarding lead', () => {
  it('shows no notice, lists no reviewer, and no admin can open or read a session', async () => {
    const room = await startSession(server.url, mentor.token, student.id);
    expect(await safeguardingOf(room, student.token)).toMatchObject({
      reviewNotice: null,
      safeguardingReviewers: [],
      safeguardingDevices: [],
    });
    for (const someone of [admin, lead]) {
      expectRefused(await gql(server.url, OPEN, { r: room, why: REASON }, someone.token), 'FORBIDDEN');
      expectRefused(await gql(server.url, SESSIONS_OF, { p: student.id }, someone.token), 'FORBIDDEN');
      expect((await gql(server.url, SAFEGUARDING, { r: room }, someone.token)).data).toEqual({ room: null });
    }
    expect(await audit('session.review')).toEqual([]);
  });
});

describe('designating the lead', () => {
  it('is for admins, of an ADMIN, and audited; every session then shows the notice', async () => {
    const earlier = await startSession(server.url, mentor.token, student.id);
    expectRefused(await gql(server.url, SET_LEAD, { u: lead.id, e: true }, mentor.token), 'FORBIDDEN');
    expectRefused(await gql(server.url, SET_LEAD, { u: mentor.id, e: true }, admin.token), 'BAD_USER_INPUT');
    const set = expectOk(await gql(server.url, SET_LEAD, { u: lead.id, e: true }, admin.token));
    expect(set.setSafeguardingLead).toEqual({ id: lead.id, role: 'ADMIN', safeguardingLead: true });
    const [entry] = await audit('safeguarding.lead');
    expect(entry).toMatchObject({
      actorId: localId(admin.id, 'User'),
      targetUserId: localId(lead.id, 'User'),
      details: { enabled: true },
    });
    expect(await safeguardingOf(earlier, mentor.token)).toMatchObject({
      reviewNotice: NOTICE,
      safeguardingReviewers: [{ id: lead.id }],
    });
    // A PRIVATE room, even an encrypted one, is never reviewable.
    const priv = await createRoom(server.url, mentor.token, {
      kind: 'PRIVATE',
      encrypted: true,
      memberIds: [student.id],
    });
    expect(await safeguardingOf(priv, mentor.token)).toMatchObject({ reviewNotice: null, safeguardingReviewers: [] });
    expectRefused(await gql(server.url, OPEN, { r: priv, why: REASON }, lead.token), 'NOT_FOUND');
  });
});

describe('with the lead designated', () => {
  let room: string;
  let mentorDevice: TestDevice;
  let studentDevice: TestDevice;
  let leadDevice: TestDevice;
  let otherAdminDevice: TestDevice;
  const roomKey = makeRoomKey();
  let participants: PublicDevice[];
  let lastMessageId: string;

  beforeAll(async () => {
    room = await startSession(server.url, mentor.token, student.id);
    [mentorDevice, studentDevice, leadDevice, otherAdminDevice] = await registerDevices(server.url, [
      mentor,
      student,
      lead,
      otherAdmin,
    ]);
    participants = [mentorDevice, studentDevice];
  });

  it("participants see the notice and the lead's devices; the key wraps for those, for no other admin", async () => {
    const seen = await safeguardingOf(room, student.token);
    expect(seen.reviewNotice).toBe(NOTICE);
    expect(seen.safeguardingReviewers).toEqual([{ id: lead.id }]);
    expect(seen.safeguardingDevices).toEqual([
      { id: leadDevice.id, boxPublicKey: leadDevice.boxPublicKey, signPublicKey: leadDevice.signPublicKey },
    ]);
    expectRefused(
      await shareRoomKey(server.url, mentorDevice, room, 1, roomKey, [...participants, otherAdminDevice]),
      'BAD_USER_INPUT',
    );
    expectOk(await shareRoomKey(server.url, mentorDevice, room, 1, roomKey, participants));
    // Until the lead holds the current key, a send would be unreadable on review: refused.
    const early = await sendEncrypted(server.url, mentor.token, room, seal(mentorDevice, room, 1, roomKey, 'early'));
    expectRefused(early, 'BAD_USER_INPUT');
    expect(early.errors?.[0].message).toMatch(/safeguarding lead/);
    expectOk(await shareRoomKey(server.url, mentorDevice, room, 1, roomKey, seen.safeguardingDevices));
    await sendSealed(server.url, mentorDevice, room, 1, roomKey, 'How did the week go?');
    lastMessageId = (await sendSealed(server.url, studentDevice, room, 1, roomKey, 'Better, thanks: owl-19.')).id;
  });

  it('the lead reads nothing before opening the session for review', async () => {
    expect((await history(server.url, lead.token, room)).response.data).toEqual({ room: null });
    expectRefused(await roomKeysOf(server.url, leadDevice, room), 'NOT_FOUND');
    expectRefused(await devicesOf(server.url, lead.token, student.id), 'NOT_FOUND');
    const node = await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id: lastMessageId }, lead.token);
    expect(node.data).toEqual({ node: null });
  });

  it('the lead finds the session by a participant: names and people only, nothing of what was said', async () => {
    const found = expectOk(await gql(server.url, SESSIONS_OF, { p: student.id }, lead.token)).reviewableSessions;
    expect(found[0]).toEqual({
      roomId: room,
      name: expect.any(String),
      openedForReview: false,
      participants: [{ id: mentor.id }, { id: student.id }],
    });
    const byMentor = expectOk(await gql(server.url, SESSIONS_OF, { p: mentor.id }, lead.token)).reviewableSessions;
    expect(byMentor.map((s: { roomId: string }) => s.roomId)).toContain(room);
    // Only SESSION rooms: the encrypted PRIVATE room the student is also in is not listed.
    const kindOf = async (r: string) => (await must(server.url, KIND, { r }, student.token)).room.kind;
    const kinds = await Promise.all(found.map((s: { roomId: string }) => kindOf(s.roomId)));
    expect(kinds).toEqual(['SESSION', 'SESSION', 'SESSION']);
    for (const someone of [otherAdmin, mentor, student]) {
      expectRefused(await gql(server.url, SESSIONS_OF, { p: student.id }, someone.token), 'FORBIDDEN');
    }
    expectRefused(await gql(server.url, SESSIONS_OF, { p: 'VXNlcjpub3BlCg==' }, lead.token), 'NOT_FOUND');
  });

  it('opening takes the lead and a reason of 10 to 500 characters; a refusal records nothing', async () => {
    const messagesBefore = (await history(server.url, mentor.token, room)).messages!.length;
    expectRefused(await gql(server.url, OPEN, { r: room, why: REASON }, otherAdmin.token), 'FORBIDDEN');
    expectRefused(await gql(server.url, OPEN, { r: room, why: REASON }, mentor.token), 'FORBIDDEN');
    for (const why of ['too short', 'x'.repeat(501), '          ']) {
      expectRefused(await gql(server.url, OPEN, { r: room, why }, lead.token), 'BAD_USER_INPUT');
    }
    expectRefused(await gql(server.url, OPEN, { r: 'Um9vbTpub3BlCg==', why: REASON }, lead.token), 'NOT_FOUND');
    expect(await audit('session.review')).toEqual([]);
    expect((await history(server.url, mentor.token, room)).messages).toHaveLength(messagesBefore);
  });

  it('opening is audited and announced to both participants, live and in the history', async () => {
    const feeds = [mentor, student].map((who) => {
      const ws = wsClient(server.wsUrl, who.token);
      const feed = subscribe(
        ws.client,
        'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { kind body author { id } encrypted { v } } }',
        { r: room, a: lastMessageId },
      );
      return { ws, feed };
    });
    await Promise.all(feeds.map(({ ws }) => connected(ws.client)));
    expect(expectOk(await gql(server.url, OPEN, { r: room, why: `  ${REASON}  ` }, lead.token))).toEqual({
      openSessionForReview: { id: room, kind: 'SESSION' },
    });
    const notice = { kind: 'SYSTEM', body: reviewOpenedText(REASON), author: { id: lead.id }, encrypted: null };
    expect(notice.body).toBe(`The school's safeguarding lead opened this session for review. Reason: ${REASON}`);
    for (const { ws, feed } of feeds) {
      const [event] = await feed.take(1);
      expect(event.data?.messageAdded).toEqual(notice);
      await ws.dispose();
    }
    const [entry] = await audit('session.review');
    expect(entry).toMatchObject({
      actorId: localId(lead.id, 'User'),
      roomId: localId(room, 'Room'),
      details: { reason: REASON },
    });
    expect(entry.messageId).toBeTruthy();
    const last = (await history(server.url, student.token, room)).messages!.at(-1);
    expect(last).toMatchObject({ kind: 'SYSTEM', body: notice.body });
    const found = expectOk(await gql(server.url, SESSIONS_OF, { p: student.id }, lead.token)).reviewableSessions;
    expect(found.find((s: { roomId: string }) => s.roomId === room)?.openedForReview).toBe(true);
  });

  it('after opening, the lead reads the history with the key wrapped for their own device', async () => {
    const { messages } = await history(server.url, lead.token, room);
    expect(messages!.map((m) => m.kind)).toEqual(['USER', 'USER', 'SYSTEM']);
    // Signatures are checked against the participants' devices, which the reviewer may now list.
    const known = [
      ...expectOk(await devicesOf(server.url, lead.token, mentor.id)).devices,
      ...expectOk(await devicesOf(server.url, lead.token, student.id)).devices,
    ];
    const key = await unwrapFor(server.url, leadDevice, room, 1, known);
    expect(key).toEqual(roomKey);
    const opened = messages!
      .filter((m) => m.kind === 'USER')
      .map((m) => openStored(m, room, new Map([[1, key!]]), known));
    expect(opened).toEqual([
      { ok: true, body: 'How did the week go?' },
      { ok: true, body: 'Better, thanks: owl-19.' },
    ]);
    const node = await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id: lastMessageId }, lead.token);
    expect(node.data?.node?.id).toBe(lastMessageId);
    const members = await must(
      server.url,
      'query($r: ID!) { room(id: $r) { members(first: 10) { edges { node { id } } } } }',
      { r: room },
      lead.token,
    );
    expect(members.room.members.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([mentor.id, student.id]);
  });

  it('the lead still cannot post, join, share keys, subscribe or delete, and is not a member', async () => {
    expect((await safeguardingOf(room, lead.token)).viewerIsMember).toBe(false);
    const attempts = [
      await sendEncrypted(server.url, lead.token, room, seal(leadDevice, room, 1, roomKey, 'from the lead')),
      await gql(
        server.url,
        'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
        { i: { roomId: room, clientId: 'lead-plain', body: 'hello' } },
        lead.token,
      ),
      await gql(server.url, 'mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: room }, lead.token),
      await shareRoomKey(server.url, leadDevice, room, 1, roomKey, [leadDevice]),
      await gql(server.url, 'mutation($m: ID!) { deleteMessage(id: $m) { id } }', { m: lastMessageId }, lead.token),
      await gql(server.url, 'mutation($r: ID!) { setTyping(roomId: $r, typing: true) }', { r: room }, lead.token),
    ];
    for (const attempt of attempts) expectRefused(attempt, 'NOT_FOUND');
    const ws = wsClient(server.wsUrl, lead.token);
    const refusal = await wsRefusal(ws.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { id } }', {
      r: room,
    });
    expect(refusal.code).toBe('NOT_FOUND');
    await ws.dispose();
    const { messages } = await history(server.url, mentor.token, room);
    expect(messages!.filter((m) => m.author.id === lead.id).map((m) => m.kind)).toEqual(['SYSTEM']);
  });

  it('an admin who is not the lead can never read it', async () => {
    expect((await history(server.url, otherAdmin.token, room)).response.data).toEqual({ room: null });
    expectRefused(await roomKeysOf(server.url, otherAdminDevice, room), 'NOT_FOUND');
    expectRefused(await devicesOf(server.url, otherAdmin.token, student.id), 'NOT_FOUND');
  });

  it('ending the designation shuts the former lead out and starts a new key version', async () => {
    expectOk(await gql(server.url, SET_LEAD, { u: lead.id, e: false }, admin.token));
    expect(await safeguardingOf(room, mentor.token)).toMatchObject({
      keyVersion: 2,
      reviewNotice: null,
      safeguardingReviewers: [],
      safeguardingDevices: [],
    });
    expect((await history(server.url, lead.token, room)).response.data).toEqual({ room: null });
    expectRefused(await roomKeysOf(server.url, leadDevice, room), 'NOT_FOUND');
    expectRefused(await gql(server.url, OPEN, { r: room, why: REASON }, lead.token), 'FORBIDDEN');
    expect((await audit('safeguarding.lead'))[0].details).toEqual({ enabled: false });
  });
});
