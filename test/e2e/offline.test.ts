import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { textOf, ui } from './helpers/widget.js';

const suite = browserSuite();
/** An endpoint where nothing listens: the widget's server is "down". */
const DEAD = 'http://127.0.0.1:9/graphql';

const HOST_BUTTON = `
  <p><button id="host-button" onclick="this.dataset.clicks = Number(this.dataset.clicks || 0) + 1">Host button</button>
  <input id="host-input" aria-label="Host field"></p>`;

async function hostStillWorks(page: Page): Promise<void> {
  const clicks = async () => Number((await page.locator('#host-button').getAttribute('data-clicks')) ?? 0);
  const before = await clicks();
  await page.locator('#host-button').click();
  await page.locator('#host-button').click();
  expect(await clicks()).toBe(before + 2);
  const box = await page.locator('#host-button').boundingBox();
  const topmost = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.id,
    [box!.x + box!.width / 2, box!.y + box!.height / 2],
  );
  expect(topmost).toBe('host-button');
  await page.locator('#host-input').fill('still typing here');
  expect(await page.locator('#host-input').inputValue()).toBe('still typing here');
}

describe('the chat server is unreachable', { timeout: 60_000 }, () => {
  it('inline: the host page stays usable and the widget says it is offline, and keeps retrying', async () => {
    const page = await suite.page();
    let attempts = 0;
    page.on('websocket', () => attempts++);
    await openHost(page, suite.e2e, { attributes: { endpoint: DEAD }, after: HOST_BUTTON });
    await expect.poll(() => textOf(ui.status(page)), { timeout: 10_000 }).toContain('Offline');
    await hostStillWorks(page);
    // Signing in while offline fails quietly with a plain reason.
    await page.locator('mentor-chat #mc-handle').fill('someone');
    await page.locator('mentor-chat #mc-password').fill('password-123');
    await page.locator('mentor-chat #mc-password').press('Enter');
    await expect.poll(() => textOf(page.locator('mentor-chat [part="sign-in"] .error'))).toContain('cannot be reached');
    await expect.poll(() => attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await shot(page, 'offline-inline');
    await page.close();
  });

  it('launcher with a token: the button never covers the host page, the panel says offline', async () => {
    const page = await suite.page();
    await openHost(page, suite.e2e, {
      attributes: { endpoint: DEAD, token: 'a'.repeat(43), mode: 'launcher' },
      after: HOST_BUTTON,
    });
    await hostStillWorks(page);
    await page.locator('mentor-chat .launcher').click();
    await expect.poll(() => textOf(ui.status(page)), { timeout: 10_000 }).toContain('Offline');
    await hostStillWorks(page);
    await shot(page, 'offline-launcher');
    await page.close();
  });

  itNeverThrowsIntoTheHostPage(suite);
});
