import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, registerStudent, signInAdmin, userWithRole } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, textOf, ui } from './helpers/widget.js';

let student: Actor;
let mentor: Actor;
let roomId: string;

const suite = browserSuite(async ({ url }) => {
  const admin = await signInAdmin(url);
  roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Physics help' });
  student = await registerStudent(url, 'Sam Student');
  mentor = await userWithRole(url, 'MENTOR', 'Ms Rivera');
});

async function open(actor: Actor): Promise<Page> {
  const page = await suite.page();
  await openHost(page, suite.e2e, { attributes: { token: actor.token, room: roomId } });
  await ui.input(page).waitFor();
  return page;
}

describe('two people chat in real browsers', { timeout: 60_000 }, () => {
  let studentPage: Page;
  let mentorPage: Page;

  it('a student and a mentor in two browser contexts chat both ways', async () => {
    studentPage = await open(student);
    mentorPage = await open(mentor);
    await sendMessage(studentPage, 'Hello Ms Rivera, is the homework due Friday?');
    await ui.message(mentorPage, 'is the homework due Friday?').waitFor();
    await sendMessage(mentorPage, 'Yes, Friday at 9.');
    await ui.message(studentPage, 'Yes, Friday at 9.').waitFor();
    await expect
      .poll(() => logTexts(studentPage))
      .toEqual(['Hello Ms Rivera, is the homework due Friday?', 'Yes, Friday at 9.']);
    await expect.poll(() => logTexts(mentorPage)).toEqual(await logTexts(studentPage));
    // Role badges: the mentor is marked for the student.
    await expect(studentPage.locator('mentor-chat .group .badge').first().textContent()).resolves.toBe('Mentor');
    await shot(studentPage, 'chat-student');
    await shot(mentorPage, 'chat-mentor');
  });

  it('the typing indicator appears and disappears', async () => {
    await ui.input(mentorPage).pressSequentially('Let me check', { delay: 20 });
    await expect.poll(() => textOf(ui.typing(studentPage)), { timeout: 5_000 }).toBe('Ms Rivera is typing…');
    await shot(studentPage, 'chat-typing');
    await ui.input(mentorPage).fill('');
    await ui.input(mentorPage).dispatchEvent('input');
    await expect.poll(() => textOf(ui.typing(studentPage)), { timeout: 8_000 }).toBe('');
  });

  it('a read receipt turns from sent to seen', async () => {
    await mentorPage.locator('mentor-chat .back').click(); // the mentor looks away from the room
    await sendMessage(studentPage, 'Thank you!');
    await ui.message(studentPage, 'Thank you!').waitFor();
    await expect.poll(() => textOf(ui.receipt(studentPage))).toBe('Sent');
    await ui.roomButton(mentorPage, 'Physics help').click();
    await expect.poll(() => textOf(ui.receipt(studentPage)), { timeout: 8_000 }).toBe('Seen by Ms Rivera');
    await shot(studentPage, 'chat-receipt-seen');
  });

  it('edits and deletes own messages, and a mentor moderates', async () => {
    await ui
      .message(studentPage, 'Thank you!')
      .getByRole('button', { name: /Edit message/ })
      .click();
    await expect(ui.input(studentPage).inputValue()).resolves.toBe('Thank you!');
    await ui.input(studentPage).fill('Thank you so much!');
    await ui.input(studentPage).press('Enter');
    await ui.message(mentorPage, 'Thank you so much!').locator('.edited').waitFor();

    await sendMessage(studentPage, 'Oops, wrong room');
    const oops = ui.message(mentorPage, 'Oops, wrong room');
    await oops.getByRole('button', { name: /Delete message/ }).click();
    await oops.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => logTexts(studentPage)).toContain('This message was deleted.');
    expect(await logTexts(studentPage)).not.toContain('Oops, wrong room');
    // Students cannot delete others' messages: no button on the mentor's message.
    await expect(ui.message(studentPage, 'Yes, Friday at 9.').getByRole('button').count()).resolves.toBe(0);
    await shot(mentorPage, 'chat-moderation');
  });

  itNeverThrowsIntoTheHostPage(suite);
});
