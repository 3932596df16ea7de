/**
 * Moderation and safeguarding, end to end: mutes refuse speaking with the time they end,
 * removal from a PUBLIC room ends live subscriptions, moderators' deletions are audited,
 * and the report queue is read and worked through by admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, send } from '../utils/actors.js';
import { connected, gql, must, subscribe, type WsHandle, wsClient } from '../utils/graphql-client.js';
import { expectOk, expectRefused } from '../utils/refusals.js';
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

const MUTE = 'mutation($r: ID!, $u: ID!, $m: Int!) { muteUser(roomId: $r, userId: $u, minutes: $m) { until } }';
const UNMUTE = 'mutation($r: ID!, $u: ID!) { unmuteUser(roomId: $r, userId: $u) }';
const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const TYPING = 'mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, typing: $t) }';
const EDIT = 'mutation($m: ID!) { editMessage(id: $m, body: "edited") { body } }';
const MUTED_UNTIL = 'query($r: ID!) { room(id: $r) { viewerMutedUntil } }';
const REPORT = 'mutation($m: ID!, $why: String!) { reportMessage(messageId: $m, reason: $why) { id status reason } }';
const REPORTS = /* GraphQL */ `query($s: ReportStatus, $after: String) {
  reports(status: $s, first: 2, after: $after) {
    edges { cursor node { id status reason reporter { id } message { id body author { id } } resolvedBy { id } resolution } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RESOLVE = /* GraphQL */ `mutation($id: ID!, $s: ReportOutcome!, $note: String) {
  resolveReport(id: $id, status: $s, resolution: $note) { id status resolution resolvedAt resolvedBy { id } }
}`;

const clientId = () => `c-${Math.random().toString(36).slice(2)}`;

async function freshPublicRoom(...members: Actor[]): Promise<string> {
  const room = await createRoom(server.url, world.admin.token, { kind: 'PUBLIC', allowGuests: true });
  for (const member of [world.mentorMember, ...members]) await joinRoom(server.url, member.token, room);
  return room;
}

describe('a mute', () => {
  it('refuses sendMessage, editMessage and setTyping(true) in that room with FORBIDDEN and the end time', async () => {
    const student = await registerStudent(server.url, 'Loud Student');
    const room = await freshPublicRoom(student);
    const elsewhere = await freshPublicRoom(student);
    const earlier = await send(server.url, student.token, room, 'before the mute');
    const muted = expectOk(await gql(server.url, MUTE, { r: room, u: student.id, m: 10 }, world.mentorMember.token));
    const until = muted.muteUser.until as string;
    expect(new Date(until).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);

    for (const response of [
      await gql(server.url, SEND, { i: { roomId: room, clientId: clientId(), body: 'hello' } }, student.token),
      await gql(server.url, EDIT, { m: earlier.id }, student.token),
      await gql(server.url, TYPING, { r: room, t: true }, student.token),
    ]) {
      const refusal = expectRefused(response, 'FORBIDDEN');
      expect(refusal.message).toContain(until);
      expect(response.errors?.[0].extensions?.mutedUntil).toBe(until);
    }
    expect(expectOk(await gql(server.url, MUTED_UNTIL, { r: room }, student.token)).room.viewerMutedUntil).toBe(until);
    // Stopping typing is not speaking; other rooms are not affected.
    expectOk(await gql(server.url, TYPING, { r: room, t: false }, student.token));
    await send(server.url, student.token, elsewhere, 'still fine here');
    expect(expectOk(await gql(server.url, MUTED_UNTIL, { r: elsewhere }, student.token)).room.viewerMutedUntil).toBe(
      null,
    );

    expect(expectOk(await gql(server.url, UNMUTE, { r: room, u: student.id }, world.mentorMember.token))).toEqual({
      unmuteUser: true,
    });
    await send(server.url, student.token, room, 'after the mute');
    expect(expectOk(await gql(server.url, UNMUTE, { r: room, u: student.id }, world.mentorMember.token))).toEqual({
      unmuteUser: false,
    });
  });

  it('refuses minutes outside 1..43200 with BAD_USER_INPUT', async () => {
    const room = await freshPublicRoom(world.studentOutsider);
    for (const m of [0, -5, 43_201]) {
      const response = await gql(server.url, MUTE, { r: room, u: world.studentOutsider.id, m }, world.admin.token);
      expectRefused(response, 'BAD_USER_INPUT');
    }
  });
});

describe('removal from a PUBLIC room', () => {
  it('ends the removed member’s live subscriptions at once; they may come back but a mute keeps them quiet', async () => {
    const student = await registerStudent(server.url, 'Kicked Student');
    const room = await freshPublicRoom(student);
    const socket = wsClient(server.wsUrl, student.token);
    sockets.push(socket);
    await connected(socket.client);
    const live = subscribe(socket.client, 'subscription($r: ID!) { messageAdded(roomId: $r) { id } }', { r: room });
    // Sent until one arrives: the subscription is live from then on.
    while (live.events.length === 0) {
      await send(server.url, world.mentorMember.token, room, 'probe');
      await live.take(1, 250).catch(() => undefined);
    }

    await gql(server.url, MUTE, { r: room, u: student.id, m: 60 }, world.mentorMember.token);
    const kick = 'mutation($r: ID!, $u: ID!) { kickFromRoom(roomId: $r, userId: $u, reason: "flooding") { id } }';
    expectOk(await gql(server.url, kick, { r: room, u: student.id }, world.mentorMember.token));
    await live.untilComplete(3000);
    const before = live.events.length;
    await send(server.url, world.mentorMember.token, room, 'after the removal');
    expect(live.events).toHaveLength(before);

    await joinRoom(server.url, student.token, room);
    const again = { i: { roomId: room, clientId: clientId(), body: 'I am back' } };
    expectRefused(await gql(server.url, SEND, again, student.token), 'FORBIDDEN');
  });
});

describe('deleting messages', () => {
  const DELETE = 'mutation($m: ID!) { deleteMessage(id: $m) { deletedAt } }';
  const LOG =
    'query { auditLog(action: MESSAGE_DELETE, first: 50) { edges { node { messageId details targetUser { id } actor { id } } } } }';
  it("audits a moderator deleting someone else's message, without its body; not an author deleting their own", async () => {
    const student = await registerStudent(server.url, 'Writer');
    const room = await freshPublicRoom(student);
    const theirs = await send(server.url, student.token, room, 'zz-moderated-body');
    const own = await send(server.url, student.token, room, 'zz-own-body');
    expectOk(await gql(server.url, DELETE, { m: theirs.id }, world.mentorMember.token));
    expectOk(await gql(server.url, DELETE, { m: own.id }, student.token));
    const entries = expectOk(await gql(server.url, LOG, {}, world.admin.token)).auditLog.edges.map(
      (e: { node: unknown }) => e.node,
    );
    expect(entries).toContainEqual({
      messageId: theirs.id,
      details: {},
      targetUser: { id: student.id },
      actor: { id: world.mentorMember.id },
    });
    expect(entries.map((e: { messageId: string }) => e.messageId)).not.toContain(own.id);
    expect(JSON.stringify(entries)).not.toContain('zz-moderated-body');
  });
});

describe('the report queue', () => {
  it('members report; admins page through it by status, resolve or dismiss once, and see who did', async () => {
    const author = await registerStudent(server.url, 'Reported Author');
    const reporter = await registerStudent(server.url, 'Reporter');
    const room = await freshPublicRoom(author, reporter);
    const messages = [];
    for (const text of ['one', 'two', 'three']) messages.push(await send(server.url, author.token, room, text));
    const reportIds: string[] = [];
    for (const m of messages) {
      const made = expectOk(await gql(server.url, REPORT, { m: m.id, why: `  about ${m.body}  ` }, reporter.token));
      expect(made.reportMessage).toMatchObject({ status: 'OPEN', reason: `about ${m.body}` });
      reportIds.push(made.reportMessage.id);
    }

    const seen: any[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const page: any = expectOk(await gql(server.url, REPORTS, { s: 'OPEN', after }, world.admin.token)).reports;
      seen.push(...page.edges.map((e: { node: unknown }) => e.node));
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor;
    }
    const ours = seen.filter((r) => reportIds.includes(r.id));
    expect(ours.map((r) => r.message.body)).toEqual(['one', 'two', 'three']);
    expect(ours[0]).toMatchObject({ reporter: { id: reporter.id }, message: { author: { id: author.id } } });

    const resolved = expectOk(
      await gql(server.url, RESOLVE, { id: reportIds[0], s: 'RESOLVED', note: 'muted' }, world.admin.token),
    );
    expect(resolved.resolveReport).toMatchObject({
      status: 'RESOLVED',
      resolution: 'muted',
      resolvedBy: { id: world.admin.id },
    });
    expectRefused(await gql(server.url, RESOLVE, { id: reportIds[0], s: 'DISMISSED' }, world.admin.token), 'CONFLICT');
    expectOk(await gql(server.url, RESOLVE, { id: reportIds[1], s: 'DISMISSED' }, world.admin.token));

    const open = expectOk(await gql(server.url, REPORTS, { s: 'OPEN', after: null }, world.admin.token));
    const closed = expectOk(await gql(server.url, REPORTS, { s: 'RESOLVED', after: null }, world.admin.token));
    const ids = (page: any) => page.reports.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids(open)).not.toContain(reportIds[0]);
    expect(ids(closed)).toContain(reportIds[0]);
  });

  it('a reason is 1 to 500 characters of valid text', async () => {
    const m = await send(server.url, world.mentorOwner.token, world.rooms.priv, 'reportable');
    const report = (why: string) => gql(server.url, REPORT, { m: m.id, why }, world.studentMember.token);
    for (const bad of ['', '   ', 'x'.repeat(501), 'bad \uD800 half']) {
      expectRefused(await report(bad), 'BAD_USER_INPUT');
    }
    expectOk(await report('👍'.repeat(500)));
  });

  it('admins read a reported PRIVATE room message they are not a member of: reporting shares it', async () => {
    const m = await send(server.url, world.mentorOwner.token, world.rooms.priv, 'zz-shared-by-report');
    const made = await must(server.url, REPORT, { m: m.id, why: 'check this' }, world.studentMember.token);
    const found = [];
    for (let after: string | null = null, more = true; more; ) {
      const page: any = expectOk(await gql(server.url, REPORTS, { s: 'OPEN', after }, world.admin.token)).reports;
      found.push(...page.edges.filter((e: any) => e.node.id === made.reportMessage.id).map((e: any) => e.node));
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor;
    }
    expect(found).toHaveLength(1);
    expect(found[0].message.body).toBe('zz-shared-by-report');
  });
});
