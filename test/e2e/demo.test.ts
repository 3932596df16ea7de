import { describe, expect, it } from 'vitest';
import { demoRoutes } from '../../server/demo/demo-routes.js';
import { seedDemo } from '../../server/demo/seed.js';
import { shot } from './helpers/browser.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { textOf, ui } from './helpers/widget.js';

const suite = browserSuite(async ({ e2e }) => {
  expect(await seedDemo(e2e.server.app.services, e2e.server.config)).toBe(true);
});

describe('the Northfield Academy demo portal', { timeout: 60_000 }, () => {
  it('seeds once: a second start leaves the store alone', async () => {
    expect(await seedDemo(suite.e2e.server.app.services, suite.e2e.server.config)).toBe(false);
  });

  it('course page: the launcher, signed in as a student through a portal token, on the help desk', async () => {
    const page = await suite.page({ width: 1200, height: 800 });
    await page.goto(`${suite.e2e.origin}/`);
    await expect.poll(() => textOf(page.locator('#unread'))).toMatch(/unread message|No unread/);
    await page.locator('#ask').click();
    await ui.message(page, 'Does a catalyst change').waitFor();
    expect(await textOf(ui.viewer(page))).toContain('Sam Patel');
    expect(await textOf(page.locator('mentor-chat .conversation-head h3'))).toBe('Year 11 Chemistry: help desk');
    await shot(page, 'demo-course-page');

    // The persona switcher: the chat follows the portal's user, and nothing of Sam stays.
    await page.locator('#persona').selectOption('rivera');
    await expect.poll(() => textOf(ui.viewer(page)), { timeout: 10_000 }).toContain('Ms Rivera');
    await ui.message(page, 'Great exam answer!').waitFor();
    expect(await textOf(ui.viewer(page))).not.toContain('Sam');
    await page.close();
  });

  it("mentor's desk: the inline widget with the seeded rooms", async () => {
    const page = await suite.page({ width: 1200, height: 800 });
    await page.goto(`${suite.e2e.origin}/desk`);
    await page.locator('#persona').selectOption('rivera');
    await ui.roomButton(page, 'Chemistry revision group').waitFor({ timeout: 10_000 });
    await ui.roomButton(page, 'Chemistry revision group').click();
    await ui.message(page, 'titration calculations').waitFor();
    expect(await page.locator('mentor-chat button', { hasText: 'New conversation' }).count()).toBe(1);
    await shot(page, 'demo-mentor-desk');
    await page.close();
  });

  it('mints portal tokens only for known personas, and never in production', async () => {
    const bad = await fetch(`${suite.e2e.origin}/demo/token`, {
      method: 'POST',
      body: JSON.stringify({ persona: 'nobody' }),
    });
    expect(bad.status).toBe(400);
    const good = await fetch(`${suite.e2e.origin}/demo/token`, {
      method: 'POST',
      body: JSON.stringify({ persona: 'aisha' }),
    });
    const { token } = (await good.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'northfield-demo-aisha', role: 'student', name: 'Aisha Khan' });
    expect(claims.exp - claims.iat).toBe(300);
    expect(() => demoRoutes({ ...suite.e2e.server.config, nodeEnv: 'production' })).toThrow(/never run in production/);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
