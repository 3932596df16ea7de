import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, registerStudent, userWithRole } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { openRoom, sendMessage, textOf, ui } from './helpers/widget.js';

let mentor: Actor;
let student: Actor;

const suite = browserSuite(async ({ url }) => {
  mentor = await userWithRole(url, 'MENTOR', 'Ms Rivera');
  student = await registerStudent(url, 'Tomasz Nowak');
  await registerStudent(url, 'Someone Else');
});

async function page(actor: Actor): Promise<Page> {
  const p = await suite.page({ width: 1000, height: 760 });
  await openHost(p, suite.e2e, { attributes: { token: actor.token } });
  await ui.viewer(p).waitFor();
  return p;
}

async function pickStudent(p: Page, name: string) {
  await p.locator('mentor-chat #mc-directory').fill(name);
  const choice = p.locator('mentor-chat .choices label', { hasText: name });
  await choice.waitFor();
  await choice.locator('input').check();
}

describe('mentors start conversations', { timeout: 60_000 }, () => {
  it('creates a private room with a student picked from the directory', async () => {
    const desk = await page(mentor);
    await desk.locator('mentor-chat button', { hasText: 'New conversation' }).click();
    await desk.locator('mentor-chat #mc-room-name').fill('Tomasz catch-up');
    await pickStudent(desk, 'Tomasz');
    await shot(desk, 'mentor-new-room');
    await desk.locator('mentor-chat button', { hasText: 'Create room' }).click();
    await ui.input(desk).waitFor();
    expect(await textOf(desk.locator('mentor-chat .conversation-head h3'))).toBe('Tomasz catch-up');
    await sendMessage(desk, 'Hi Tomasz, shall we plan your revision?');

    const learner = await page(student);
    await openRoom(learner, 'Tomasz catch-up');
    await ui.message(learner, 'shall we plan your revision?').waitFor();
    await sendMessage(learner, 'Yes please!');
    await ui.message(desk, 'Yes please!').waitFor();
    await shot(desk, 'mentor-private-room');
  });

  it('starts an end-to-end encrypted mentoring session with one student', async () => {
    const desk = await page(mentor);
    await desk.locator('mentor-chat button', { hasText: 'New conversation' }).click();
    await desk.locator('mentor-chat input[name="kind"]').nth(1).check();
    await desk.locator('mentor-chat #mc-room-name').fill('Wellbeing check-in');
    await pickStudent(desk, 'Tomasz');
    await desk.locator('mentor-chat button', { hasText: 'Start session' }).click();
    await desk.locator('mentor-chat .conversation-head', { hasText: 'Wellbeing check-in' }).waitFor();
    expect(await textOf(desk.locator('mentor-chat .conversation-head h3'))).toContain('End-to-end encrypted');
    await shot(desk, 'mentor-session');

    const learner = await page(student);
    const session = ui.roomButton(learner, 'Wellbeing check-in');
    await session.waitFor();
    expect(await session.textContent()).toContain('End-to-end encrypted');
  });

  it('students are not offered the mentor tools', async () => {
    const learner = await page(student);
    await ui.roomButton(learner, 'Tomasz catch-up').waitFor();
    expect(await learner.locator('mentor-chat button', { hasText: 'New conversation' }).count()).toBe(0);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
