import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, textOf, ui } from './helpers/widget.js';

let page: Page;
let student: Actor;
let other: Actor;
let roomId: string;

/** Events the widget dispatched, as the host page's document saw them. */
const hostEvents = (p: Page) =>
  p.evaluate(() => (window as unknown as { seen: { type: string; detail: any }[] }).seen.map((e) => e));

const LISTEN = `<script>
  window.seen = [];
  for (const type of ['mc-signed-in', 'mc-message', 'mc-unread-change', 'mc-error', 'mc-signed-out', 'mc-connection-change'])
    document.addEventListener(type, (e) => window.seen.push({ type, detail: e.detail }));
</script>`;

const suite = browserSuite(async ({ url, e2e }) => {
  const admin = await signInAdmin(url);
  roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Maths help' });
  student = await registerStudent(url, 'Nia');
  other = await registerStudent(url, 'Omar');
  await joinRoom(url, other.token, roomId);
  page = await suite.page({ width: 800, height: 760 });
  await openHost(page, e2e, { attributes: { token: student.token, room: roomId }, before: LISTEN });
  await ui.input(page).waitFor();
});

describe('writing messages', { timeout: 60_000 }, () => {
  it('Enter sends and Shift+Enter breaks the line', async () => {
    await ui.input(page).pressSequentially('line one');
    await ui.input(page).press('Shift+Enter');
    await ui.input(page).pressSequentially('line two');
    await ui.input(page).press('Enter');
    await ui.message(page, 'line two').waitFor();
    expect(await logTexts(page)).toEqual(['line one\nline two']);
    expect(await ui.input(page).inputValue()).toBe('');
  });

  it('shows a counter near the 4,000 limit and keeps an over-long text', async () => {
    await ui.input(page).fill('a'.repeat(3700));
    await expect.poll(() => textOf(page.locator('mentor-chat .hint'))).toContain('300 characters left');
    const tooLong = 'b'.repeat(4010);
    await ui.input(page).fill(tooLong);
    await ui.input(page).press('Enter');
    await expect.poll(() => textOf(ui.composerError(page))).toContain('at most 4,000 characters');
    expect(await ui.input(page).inputValue()).toBe(tooLong);
    await shot(page, 'compose-counter');
    await ui.input(page).fill('');
  });

  it('warns before sending a phone number, and shows the server refusal with the text kept', async () => {
    const text = 'Call me on 07911 123456 after school';
    await sendMessage(page, text);
    const warning = page.locator('mentor-chat [part="pii-warning"]');
    await expect.poll(() => textOf(warning)).toContain('a phone number');
    expect(await logTexts(page)).not.toContain(text);
    await shot(page, 'compose-pii-warning');
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await expect
      .poll(() => textOf(ui.composerError(page)))
      .toContain('Contact details cannot be shared in public rooms');
    expect(await ui.input(page).inputValue()).toBe(text);
    expect(await logTexts(page)).not.toContain(text);
    const refused = (await hostEvents(page)).find((e) => e.type === 'mc-error');
    expect(refused?.detail.code).toBe('BAD_USER_INPUT');
    await shot(page, 'compose-refused');
    await ui.input(page).fill('');
  });

  it('warns about email addresses too', async () => {
    await sendMessage(page, 'my address is nia.h@example.org');
    await expect.poll(() => textOf(page.locator('mentor-chat [part="pii-warning"]'))).toContain('an email address');
    await page.locator('mentor-chat [part="pii-warning"]').getByRole('button', { name: 'Edit message' }).click();
    expect(await ui.input(page).inputValue()).toBe('my address is nia.h@example.org');
    await ui.input(page).fill('');
  });

  it('tells the host page about new messages, unread counts and sign-in', async () => {
    await send(suite.url, other.token, roomId, 'Anyone done question 4?');
    await ui.message(page, 'Anyone done question 4?').waitFor();
    await expect
      .poll(async () => (await hostEvents(page)).filter((e) => e.type === 'mc-message').map((e) => e.detail.body))
      .toEqual(['Anyone done question 4?']);
    const events = await hostEvents(page);
    const message = events.find((e) => e.type === 'mc-message');
    expect(message?.detail).toMatchObject({ roomId, roomName: 'Maths help', author: { displayName: 'Omar' } });
    expect(events.find((e) => e.type === 'mc-signed-in')?.detail.user).toMatchObject({
      displayName: 'Nia',
      role: 'STUDENT',
    });
    expect(events.some((e) => e.type === 'mc-connection-change' && e.detail.state === 'online')).toBe(true);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
