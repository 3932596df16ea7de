import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, registerStudent, startSession, userWithRole } from '../utils/actors.js';
import { devicesOf, history } from '../utils/e2e-devices.js';
import { gql, must } from '../utils/graphql-client.js';
import { openRawDatabase, rawDatabaseContains } from '../utils/raw-db.js';
import { shot } from './helpers/browser.js';
import { browserOf } from './helpers/signed-in.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, textOf, ui, writable } from './helpers/widget.js';

let mentor: Actor;
let student: Actor;
let third: Actor;

const suite = browserSuite(async ({ url }) => {
  mentor = await userWithRole(url, 'MENTOR', 'Ms Okafor');
  student = await registerStudent(url, 'Priya Student');
  third = await registerStudent(url, 'Outsider Student');
});

const SECRET = 'I have been finding the exams really hard lately';
const REPLY = 'Thank you for telling me, let us make a plan';
const AFTER = 'Only the two of us should read this after the removal';

describe('end-to-end encrypted rooms in real browsers', { timeout: 90_000 }, () => {
  let sessionId: string;
  let studentPage: Page;

  it('a mentor and a student hold a session and read each other', async () => {
    sessionId = await startSession(suite.url, mentor.token, student.id, 'Exam worries');
    // The student opens the session first: waiting for its key, until the mentor's device shares it.
    studentPage = await browserOf(suite, student, sessionId);
    await expect
      .poll(() => textOf(studentPage.locator("mentor-chat [part='composer']")))
      .toContain('Waiting for the key to this conversation');
    const mentorPage = await browserOf(suite, mentor, sessionId);
    await writable(mentorPage); // the mentor's device made the room key and shared it
    await sendMessage(mentorPage, SECRET);
    await ui.message(mentorPage, SECRET).waitFor();

    await ui.message(studentPage, SECRET).waitFor();
    await writable(studentPage);
    await sendMessage(studentPage, REPLY);
    await ui.message(mentorPage, REPLY).waitFor();
    await expect.poll(() => logTexts(studentPage)).toEqual([SECRET, REPLY]);
    expect(await mentorPage.locator('mentor-chat .conversation-head h3').textContent()).toContain(
      'End-to-end encrypted',
    );
    await shot(mentorPage, 'e2e-session');
  });

  it('the raw database, the API and a third user see only ciphertext', async () => {
    expect(rawDatabaseContains(suite.e2e.server.dataDir, SECRET)).toBe(false);
    expect(rawDatabaseContains(suite.e2e.server.dataDir, REPLY)).toBe(false);
    const { messages } = await history(suite.url, mentor.token, sessionId);
    expect(messages?.length).toBe(2);
    for (const m of messages ?? []) {
      expect(m.body).toBeNull();
      expect(m.encrypted?.ciphertext).toBeTruthy();
    }
    const outsider = await gql(suite.url, 'query($r: ID!) { room(id: $r) { id } }', { r: sessionId }, third.token);
    expect(outsider.data?.room ?? null).toBeNull();
    const outsiderPage = await browserOf(suite, third, sessionId);
    await expect.poll(() => outsiderPage.locator('mentor-chat .conversation [role=alert]').count()).toBe(1);
    expect(await outsiderPage.locator('mentor-chat').evaluate((el) => el.shadowRoot?.textContent ?? '')).not.toContain(
      SECRET,
    );
  });

  it('a ciphertext altered in the database shows a calm warning, never garbage', async () => {
    const { messages } = await history(suite.url, mentor.token, sessionId);
    const target = messages?.find((m) => m.author.id === mentor.id);
    expect(target).toBeTruthy();
    const ciphertext = Buffer.from(target!.encrypted!.ciphertext, 'base64');
    ciphertext[0] ^= 0x01;
    const db = openRawDatabase(suite.e2e.server.dataDir);
    try {
      const changed = db
        .prepare("UPDATE messages SET encrypted = json_set(encrypted, '$.ciphertext', ?) WHERE id = ?")
        .run(ciphertext.toString('base64'), localId(target!.id, 'Message'));
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    await studentPage.reload(); // same browser: same device keys (IndexedDB), same tab session
    await ui.message(studentPage, REPLY).waitFor();
    await expect.poll(() => logTexts(studentPage)).toEqual(['This message could not be verified', REPLY]);
    await shot(studentPage, 'e2e-tampered');
  });

  it('a member removed from an encrypted private room cannot read what is sent after', async () => {
    const roomId = await createRoom(suite.url, mentor.token, {
      kind: 'PRIVATE',
      name: 'Study group (encrypted)',
      encrypted: true,
      memberIds: [student.id, third.id],
    });
    const thirdPage = await browserOf(suite, third, roomId);
    const mentorPage = await browserOf(suite, mentor, roomId);
    await writable(mentorPage);
    await sendMessage(mentorPage, 'Welcome both of you');
    await ui.message(thirdPage, 'Welcome both of you').waitFor();

    await must(
      suite.url,
      'mutation($r: ID!, $u: ID!) { removeRoomMember(roomId: $r, userId: $u) { id } }',
      { r: roomId, u: third.id },
      mentor.token,
    );
    await sendMessage(mentorPage, AFTER); // seals under the new key version, wrapped for the remaining members
    await ui.message(mentorPage, AFTER).waitFor();
    const learner = await browserOf(suite, student, roomId);
    await ui.message(learner, AFTER).waitFor();

    const { messages } = await history(suite.url, mentor.token, roomId);
    const after = messages?.find((m) => m.encrypted?.keyVersion === 2);
    expect(after).toBeTruthy();
    // No key of version 2 was ever wrapped for the removed member's devices.
    const [thirdDevice] = (await devicesOf(suite.url, third.token, third.id)).data?.devices ?? [];
    const db = openRawDatabase(suite.e2e.server.dataDir);
    try {
      const rows = db
        .prepare('SELECT recipient_device_id AS id FROM wrapped_keys WHERE room_id = ? AND key_version = 2')
        .all(localId(roomId, 'Room')) as { id: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.id)).not.toContain(thirdDevice.id);
    } finally {
      db.close();
    }
    expect(await thirdPage.locator('mentor-chat').evaluate((el) => el.shadowRoot?.textContent ?? '')).not.toContain(
      AFTER,
    );
  });

  itNeverThrowsIntoTheHostPage(suite);
});
