import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logSeqs, ui } from './helpers/widget.js';

const TOTAL = 120;
let page: Page;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const suite = browserSuite(async ({ url, e2e }) => {
  const admin = await signInAdmin(url);
  const roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Long thread' });
  const a = await registerStudent(url, 'Ana');
  const b = await registerStudent(url, 'Ben');
  await joinRoom(url, a.token, roomId);
  await joinRoom(url, b.token, roomId);
  // Runs of 10 by one author, then 10 by the other: 12 groups.
  for (let i = 1; i <= TOTAL; i++)
    await send(url, Math.ceil(i / 10) % 2 ? a.token : b.token, roomId, `Message number ${i}`);
  const reader = await registerStudent(url, 'Reader');
  page = await suite.page({ width: 800, height: 760 });
  await openHost(page, e2e, { attributes: { token: reader.token, room: roomId } });
  await ui.message(page, `Message number ${TOTAL}`).waitFor();
});

describe('history', { timeout: 60_000 }, () => {
  it('opens on the newest page, oldest first, pinned to the bottom', async () => {
    expect(await logSeqs(page)).toEqual(range(TOTAL - 49, TOTAL));
    const log = await ui.log(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(log).toBeLessThan(5);
    await shot(page, 'history-newest');
  });

  it('loads older pages as the reader scrolls up, without jumping', async () => {
    const scrollTop = () =>
      ui.log(page).evaluate((el) => {
        el.scrollTop = 0;
        el.dispatchEvent(new Event('scroll'));
      });
    await scrollTop();
    await expect.poll(async () => (await logSeqs(page))[0]).toBe(TOTAL - 79);
    // The reader stays where they were: the log did not snap to the top (which would load again at once).
    expect(await ui.log(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    await scrollTop();
    await expect.poll(async () => (await logSeqs(page))[0]).toBe(TOTAL - 109);
    // The button does the same for keyboard users (clicked in place: scrolling to it would load by itself).
    await page
      .locator('mentor-chat .log button', { hasText: 'Load older messages' })
      .evaluate((b) => (b as HTMLElement).click());
    await expect.poll(async () => (await logSeqs(page))[0]).toBe(1);
    expect(await logSeqs(page)).toEqual(range(1, TOTAL));
    expect(await page.locator('mentor-chat .log .day', { hasText: 'Start of the conversation' }).count()).toBe(1);
    await shot(page, 'history-oldest');
  });

  it('groups messages by author', async () => {
    expect(await page.locator('mentor-chat .log .group').count()).toBe(TOTAL / 10);
    const authors = await page.locator('mentor-chat .log .group .meta .author').allTextContents();
    expect(authors.slice(0, 3)).toEqual(['Ana', 'Ben', 'Ana']);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
