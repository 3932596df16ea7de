import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin, userWithRole } from '../utils/actors.js';
import { seriousViolations } from './helpers/axe.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite } from './helpers/suite.js';
import { openRoom, sendMessage, ui } from './helpers/widget.js';

let student: Actor;
let mentor: Actor;
let roomId: string;

/** Screenshots the screen and returns its serious or critical axe findings. */
async function check(page: Page, name: string) {
  await page.waitForTimeout(150); // let the last render settle
  await shot(page, `a11y-${name}`);
  return (await seriousViolations(page)).map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} ${v.targets.join(' ')}`);
}

const suite = browserSuite(async ({ url }) => {
  const admin = await signInAdmin(url);
  roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'History help' });
  await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Art club' });
  student = await registerStudent(url, 'Priya');
  mentor = await userWithRole(url, 'MENTOR', 'Mrs Novak');
  await joinRoom(url, student.token, roomId);
  await joinRoom(url, mentor.token, roomId);
  await send(url, mentor.token, roomId, 'Essays are due on Monday. Ask here if you are stuck.');
  await send(url, admin.token, roomId, 'Reminder: the library is open late on Thursday.');
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', { timeout: 90_000 }, () => {
  it('finds no serious or critical violation on any screen', async () => {
    const found: string[] = [];
    const page = await suite.page({ width: 1000, height: 800 });

    await openHost(page, suite.e2e);
    await page.locator('mentor-chat #mc-handle').waitFor();
    found.push(...(await check(page, 'sign-in')));
    await page.locator('mentor-chat .tabs button', { hasText: 'Create account' }).click();
    found.push(...(await check(page, 'register')));
    await page.locator('mentor-chat .tabs button', { hasText: 'Guest' }).click();
    found.push(...(await check(page, 'guest')));

    await openHost(page, suite.e2e, { attributes: { token: student.token } });
    await ui.roomButton(page, 'History help').waitFor();
    found.push(...(await check(page, 'room-list')));
    await openRoom(page, 'History help');
    await sendMessage(page, 'Could someone explain the causes of the First World War?');
    await ui.receipt(page).waitFor();
    found.push(...(await check(page, 'conversation')));
    await sendMessage(page, 'Text me on 07911 123456');
    await page.locator('mentor-chat [part="pii-warning"]').waitFor();
    found.push(...(await check(page, 'pii-warning')));

    await openHost(page, suite.e2e, { attributes: { token: student.token, room: roomId, theme: 'dark' } });
    await ui.message(page, 'Essays are due').waitFor();
    found.push(...(await check(page, 'conversation-dark')));

    await openHost(page, suite.e2e, { attributes: { token: mentor.token } });
    await page.locator('mentor-chat button', { hasText: 'New conversation' }).click();
    await page.locator('mentor-chat #mc-directory').waitFor();
    await page.locator('mentor-chat .choices input[name="member"]').first().waitFor();
    found.push(...(await check(page, 'new-conversation')));

    await openHost(page, suite.e2e, { attributes: { token: student.token, mode: 'launcher' } });
    await page.locator('mentor-chat .launcher').waitFor();
    found.push(...(await check(page, 'launcher-closed')));
    await page.locator('mentor-chat .launcher').click();
    await ui.roomButton(page, 'History help').waitFor();
    found.push(...(await check(page, 'launcher-open')));

    await openHost(page, suite.e2e, { attributes: { endpoint: 'http://127.0.0.1:9/graphql' } });
    await ui.status(page).filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 });
    found.push(...(await check(page, 'offline')));

    await page.close();
    expect(found).toEqual([]);
  });

  it('the demo portal pages pass too', async () => {
    const found: string[] = [];
    const page = await suite.page({ width: 1200, height: 800 });
    await page.goto(`${suite.e2e.origin}/`);
    await page.locator('mentor-chat .launcher').waitFor();
    found.push(...(await check(page, 'demo-course-page')));
    await page.goto(`${suite.e2e.origin}/desk`);
    await page.locator('mentor-chat [part="panel"]').waitFor();
    found.push(...(await check(page, 'demo-mentor-desk')));
    await page.close();
    expect(found).toEqual([]);
  });
});
