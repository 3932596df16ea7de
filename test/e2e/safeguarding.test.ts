/**
 * The safeguarding review in real browsers: with a designated lead, session keys are also
 * wrapped for the lead's device, both participants see the notice, and the lead reads a
 * session only after an explicit "Open for review" with a reason, which both participants
 * then see in their room and the audit log keeps. Without a lead, nobody else ever reads.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, registerStudent, signInAdmin, startSession, userWithRole } from '../utils/actors.js';
import { devicesOf, history } from '../utils/e2e-devices.js';
import { gql, must } from '../utils/graphql-client.js';
import { openRawDatabase, rawDatabaseContains } from '../utils/raw-db.js';
import { expectRefused } from '../utils/refusals.js';
import { seriousViolations } from './helpers/axe.js';
import { shot } from './helpers/browser.js';
import { browserOf } from './helpers/signed-in.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, textOf, ui, writable } from './helpers/widget.js';

let admin: Actor;
let lead: Actor;
let otherAdmin: Actor;
let mentor: Actor;
let student: Actor;

const suite = browserSuite(async ({ url }) => {
  admin = await signInAdmin(url);
  [lead, otherAdmin, mentor, student] = await Promise.all([
    userWithRole(url, 'ADMIN', 'Mrs Lead'),
    userWithRole(url, 'ADMIN', 'Mr Other Admin'),
    userWithRole(url, 'MENTOR', 'Ms Okafor'),
    registerStudent(url, 'Priya Student'),
  ]);
});

const NOTICE = "This session may be reviewed by the school's safeguarding lead";
const REASON = 'A teacher raised a concern about this mentoring relationship.';
const REVIEWED = `The school's safeguarding lead opened this session for review. Reason: ${REASON}`;
const EARLY = 'Nobody else can read this one, there is no lead yet';
const SECRET = 'I have been finding the exams really hard lately';
const REPLY = 'Thank you for telling me, let us make a plan';
const ROOM_KEYS = 'query($r: ID!, $d: ID!) { roomKeys(roomId: $r, deviceId: $d) { keyVersion } }';
const OPEN = 'mutation($r: ID!, $why: String!) { openSessionForReview(roomId: $r, reason: $why) { id } }';
const AUDIT = `query($r: ID!) { auditLog(action: SESSION_REVIEW, roomId: $r, first: 10) {
  edges { node { action actor { id } roomId messageId details } } } }`;

const deviceOf = async (actor: Actor) => (await devicesOf(suite.url, actor.token, actor.id)).data?.devices[0];
const shadowText = (page: Page) => page.locator('mentor-chat').evaluate((el) => el.shadowRoot?.textContent ?? '');
const roomOf = (actor: Actor, room: string) =>
  gql(suite.url, 'query($r: ID!) { room(id: $r) { id } }', { r: room }, actor.token);

/** The devices a key of the session was ever wrapped for (the raw database). */
function keyRecipients(room: string): string[] {
  const db = openRawDatabase(suite.e2e.server.dataDir);
  try {
    const rows = db
      .prepare('SELECT DISTINCT recipient_device_id AS id FROM wrapped_keys WHERE room_id = ?')
      .all(localId(room, 'Room')) as { id: string }[];
    return rows.map((r) => r.id).sort();
  } finally {
    db.close();
  }
}

/** A mentor and a student hold a session in their browsers and exchange two messages. */
async function holdSession(room: string, first: string, second: string): Promise<[Page, Page]> {
  const mentorPage = await browserOf(suite, mentor, room);
  await writable(mentorPage);
  await sendMessage(mentorPage, first);
  const studentPage = await browserOf(suite, student, room);
  await ui.message(studentPage, first).waitFor();
  await writable(studentPage);
  await sendMessage(studentPage, second);
  await ui.message(mentorPage, second).waitFor();
  return [mentorPage, studentPage];
}

/** Someone who may not read the room: the widget says so, and shows none of its text. */
async function expectShutOut(page: Page, ...texts: string[]): Promise<void> {
  await expect.poll(() => page.locator('mentor-chat .conversation [role=alert]').count()).toBe(1);
  const seen = await shadowText(page);
  for (const text of texts) expect(seen).not.toContain(text);
}

describe('safeguarding review in real browsers', { timeout: 120_000 }, () => {
  let leadPage: Page;
  let otherAdminPage: Page;
  let session: string;
  let mentorPage: Page;
  let studentPage: Page;

  it('without a lead, nobody but the two participants can read a session, admins included', async () => {
    const early = await startSession(suite.url, mentor.token, student.id, 'Before any lead');
    const [m, s] = await holdSession(early, EARLY, 'Agreed');
    expect(await m.locator('mentor-chat .review-notice').count()).toBe(0);
    // Both admins sign in to the widget (registering their devices) and ask for the session.
    leadPage = await browserOf(suite, lead, early);
    otherAdminPage = await browserOf(suite, otherAdmin, early);
    for (const page of [leadPage, otherAdminPage]) await expectShutOut(page, EARLY);
    expect(await leadPage.getByRole('button', { name: 'Safeguarding review' }).count()).toBe(0);
    for (const someone of [lead, otherAdmin, admin]) {
      expect((await roomOf(someone, early)).data).toEqual({ room: null });
      expectRefused(await gql(suite.url, OPEN, { r: early, why: REASON }, someone.token), 'FORBIDDEN');
    }
    // No admin's device ever got its key: only the two participants' devices did.
    const participants = [(await deviceOf(mentor))!.id, (await deviceOf(student))!.id].sort();
    expect(keyRecipients(early)).toEqual(participants);
    expect(rawDatabaseContains(suite.e2e.server.dataDir, EARLY)).toBe(false);
    await Promise.all([m.context().close(), s.context().close()]);
  });

  it('with the lead designated, both participants see the notice and the key is wrapped for the lead', async () => {
    await must(
      suite.url,
      'mutation($u: ID!) { setSafeguardingLead(userId: $u, enabled: true) { id } }',
      { u: lead.id },
      admin.token,
    );
    session = await startSession(suite.url, mentor.token, student.id, 'Exam worries');
    [mentorPage, studentPage] = await holdSession(session, SECRET, REPLY);
    for (const page of [mentorPage, studentPage]) {
      await expect.poll(() => textOf(page.locator('mentor-chat .review-notice'))).toBe(NOTICE);
    }
    const recipients = keyRecipients(session);
    expect(recipients).toContain((await deviceOf(lead))!.id);
    expect(recipients).not.toContain((await deviceOf(otherAdmin))!.id);
    await shot(studentPage, 'safeguarding-notice');
  });

  it('an admin who is not the lead cannot read it: no room, no key, ciphertext only underneath', async () => {
    await otherAdminPage.reload();
    await ui.viewer(otherAdminPage).waitFor();
    await otherAdminPage.locator('mentor-chat').evaluate((el, r) => el.setAttribute('room', r), session);
    await expectShutOut(otherAdminPage, SECRET, REPLY);
    expect(await otherAdminPage.getByRole('button', { name: 'Safeguarding review' }).count()).toBe(0);
    expect((await roomOf(otherAdmin, session)).data).toEqual({ room: null });
    const otherDevice = (await deviceOf(otherAdmin))!.id;
    expectRefused(await gql(suite.url, ROOM_KEYS, { r: session, d: otherDevice }, otherAdmin.token), 'NOT_FOUND');
    expectRefused(await gql(suite.url, OPEN, { r: session, why: REASON }, otherAdmin.token), 'FORBIDDEN');
    // What the server holds, and serves the members, is ciphertext.
    const { messages } = await history(suite.url, mentor.token, session);
    expect(messages?.map((m) => [m.body, Boolean(m.encrypted?.ciphertext)])).toEqual([
      [null, true],
      [null, true],
    ]);
    for (const text of [SECRET, REPLY]) expect(rawDatabaseContains(suite.e2e.server.dataDir, text)).toBe(false);
  });

  it('the lead finds the session but reads nothing of it before opening it for review', async () => {
    await leadPage.reload(); // signs in again: now as the designated lead, on the same device
    await ui.viewer(leadPage).waitFor();
    await leadPage.locator('mentor-chat').evaluate((el, r) => el.setAttribute('room', r), session);
    await expectShutOut(leadPage, SECRET, REPLY);
    expect((await roomOf(lead, session)).data).toEqual({ room: null });
    const leadDevice = (await deviceOf(lead))!.id;
    expectRefused(await gql(suite.url, ROOM_KEYS, { r: session, d: leadDevice }, lead.token), 'NOT_FOUND');

    await leadPage.getByRole('button', { name: 'Back to rooms' }).click();
    await leadPage.getByRole('button', { name: 'Safeguarding review' }).click();
    await leadPage.locator('mentor-chat #mc-review-search').fill(student.handle);
    await leadPage.locator('mentor-chat [part=review] button', { hasText: `@${student.handle}` }).click();
    const item = leadPage.locator('mentor-chat .review-session', { hasText: 'Exam worries' });
    await expect.poll(() => textOf(item)).toContain('Ms Okafor (Mentor) and Priya Student');
    expect(await leadPage.locator('mentor-chat .review-session').count()).toBe(2);
    await item.getByRole('button', { name: 'Open for review… Exam worries' }).click();
    await leadPage.locator('mentor-chat #mc-review-reason').fill('concern');
    await leadPage.getByRole('button', { name: 'Open for review', exact: true }).click();
    await expect
      .poll(() => textOf(leadPage.locator('mentor-chat .review-reason [role=alert]')))
      .toBe('Give a reason of 10 to 500 characters.');
    expect(await gql(suite.url, AUDIT, { r: session }, admin.token)).toMatchObject({
      data: { auditLog: { edges: [] } },
    });
    const seen = await shadowText(leadPage);
    for (const text of [SECRET, REPLY]) expect(seen).not.toContain(text);
    expect(await seriousViolations(leadPage)).toEqual([]);
    await shot(leadPage, 'safeguarding-reason');
  });

  it('the lead opens it for review with a reason and reads the decrypted messages', async () => {
    await leadPage.locator('mentor-chat #mc-review-reason').fill(REASON);
    await leadPage.getByRole('button', { name: 'Open for review', exact: true }).click();
    await ui.message(leadPage, SECRET).waitFor();
    await expect.poll(() => logTexts(leadPage)).toEqual([SECRET, REPLY, REVIEWED]);
    expect(await leadPage.locator('mentor-chat [part=review] h3').textContent()).toContain('Review: Exam worries');
    // Read only: the reviewer gets no composer and no message actions.
    expect(await leadPage.locator('mentor-chat #mc-input').count()).toBe(0);
    expect(await leadPage.locator('mentor-chat .log .msg .actions').count()).toBe(0);
    expect(await seriousViolations(leadPage)).toEqual([]);
    await shot(leadPage, 'safeguarding-review');
  });

  it('both participants see in their room that the review happened, and why', async () => {
    for (const page of [mentorPage, studentPage]) {
      await expect.poll(() => textOf(page.locator('mentor-chat .log .msg .note.system'))).toBe(REVIEWED);
      expect(await textOf(page.locator('mentor-chat .review-notice'))).toBe(NOTICE);
    }
    await studentPage.reload(); // and it stays in the history
    await ui.message(studentPage, REVIEWED).waitFor();
    await expect.poll(() => logTexts(studentPage)).toEqual([SECRET, REPLY, REVIEWED]);
    await shot(studentPage, 'safeguarding-reviewed');
  });

  it('the audit log holds the review with its reason', async () => {
    const { auditLog } = await must(suite.url, AUDIT, { r: session }, admin.token);
    const { messages } = await history(suite.url, mentor.token, session);
    expect(auditLog.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        action: 'SESSION_REVIEW',
        actor: { id: lead.id },
        roomId: session,
        messageId: messages?.at(-1)?.id,
        details: { reason: REASON },
      },
    ]);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
