import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, ui } from './helpers/widget.js';

let student: Actor;

const suite = browserSuite(async ({ url }) => {
  const admin = await signInAdmin(url);
  await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Geography help' });
  student = await registerStudent(url, 'Kai');
});

/** What has focus, looking inside the widget's shadow root; and whether a focus ring shows. */
function focused(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? '',
      ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  });
}

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Presses Tab (or `key`) until focus is on an element matching `want` (at most `max` presses). */
async function tabTo(page: Page, want: (f: Focus) => boolean, max = 15, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f && want(f)) return f;
  }
  throw new Error(`focus never reached the target; last: ${JSON.stringify(await focused(page))}`);
}

describe('keyboard only', { timeout: 60_000 }, () => {
  it('signs in, picks a room and sends, with a visible focus ring at every step', async () => {
    const page = await suite.page({ width: 800, height: 760 });
    await openHost(page, suite.e2e, { before: '<button id="host-button">Host button</button>' });
    await page.locator('mentor-chat #mc-handle').waitFor();

    const handle = await tabTo(page, (f) => f.id === 'mc-handle');
    expect(handle.ring).toBe(true);
    await page.keyboard.type(student.handle);
    await page.keyboard.press('Tab');
    expect((await focused(page))?.id).toBe('mc-password');
    await page.keyboard.type('student-password');
    await page.keyboard.press('Enter');
    await ui.viewer(page).waitFor();

    const room = await tabTo(page, (f) => f.name.startsWith('Geography help'));
    expect(room.ring).toBe(true);
    await shot(page, 'keyboard-room-focus');
    await page.keyboard.press('Enter');
    await ui.input(page).waitFor();
    await expect.poll(async () => (await focused(page))?.id).toBe('mc-input');
    await page.keyboard.type('Sent with the keyboard alone');
    await page.keyboard.press('Enter');
    await ui.message(page, 'Sent with the keyboard alone').waitFor();
    expect(await logTexts(page)).toEqual(['Sent with the keyboard alone']);

    await shot(page, 'keyboard-sent');
    // Back to the room list, still by keyboard.
    const back = await tabTo(page, (f) => f.name === 'Back to rooms', 10, 'Shift+Tab');
    expect(back.ring).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.tag).toBe('nav');
    expect(await ui.roomButton(page, 'Geography help').isVisible()).toBe(true);
    await page.close();
  });

  it('opens and closes the launcher panel with the keyboard, focus returning to the button', async () => {
    const page = await suite.page();
    await openHost(page, suite.e2e, { attributes: { token: student.token, mode: 'launcher' } });
    const launcher = await tabTo(page, (f) => f.name.startsWith('Chat'));
    expect(launcher.ring).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.id).toBe('mc-panel');
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toBeNull();
    await shot(page, 'keyboard-launcher-open');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.name).toMatch(/^Chat/);
    expect(await page.locator('mentor-chat #mc-panel').count()).toBe(0);
    await page.close();
  });

  itNeverThrowsIntoTheHostPage(suite);
});
