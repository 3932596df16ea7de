import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, ui } from './helpers/widget.js';

const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned=\'link\'">click me</a>',
  '&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot; &#x3C;svg onload=alert(1)&#x3E;',
  `${'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(12)}`,
  'مرحبا بالجميع، هل انتهيتم من الواجب؟ (RTL) שלום',
  '👩🏽‍🔬 Emoji: 🧪⚗️🔥 and a ZWJ family 👨‍👩‍👧‍👦',
  // Template-injection bait: a literal "${...}" and "{{...}}" in the text.
  '{{constructor.constructor("window.__pwned=1")()}} $' + '{window.__pwned=2}',
];

let page: Page;

const suite = browserSuite(async ({ url, e2e, errors }) => {
  const admin = await signInAdmin(url);
  const roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: '<b>Room</b> & "friends"' });
  const attacker = await registerStudent(url, '<img src=x onerror=alert(1)>');
  const reader = await registerStudent(url, 'Reader');
  await joinRoom(url, attacker.token, roomId);
  await joinRoom(url, reader.token, roomId);
  for (const body of HOSTILE) await send(url, attacker.token, roomId, body);
  page = await suite.page({ width: 800, height: 900 });
  page.on('dialog', (dialog) => {
    errors.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await openHost(page, e2e, { attributes: { token: reader.token, room: roomId } });
  await ui.message(page, 'ZWJ family').waitFor();
});

describe('hostile text', { timeout: 60_000 }, () => {
  it('renders every message exactly as text', async () => {
    expect(await logTexts(page)).toEqual(HOSTILE);
    const room = await page.locator('mentor-chat .conversation-head h3').textContent();
    expect(room?.trim()).toBe('<b>Room</b> & "friends"');
    expect(await page.locator('mentor-chat .meta .author').first().textContent()).toBe('<img src=x onerror=alert(1)>');
    await shot(page, 'hostile-text');
  });

  it('runs nothing and creates no elements from the text', async () => {
    await page.locator('mentor-chat .log .msg', { hasText: 'click me' }).click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const injected = await page
      .locator('mentor-chat .log')
      .evaluate((log) => log.querySelectorAll('script, img, a, b, svg:not([aria-hidden]), iframe').length);
    expect(injected).toBe(0);
  });

  it('keeps long words, RTL text and emoji inside the layout', async () => {
    const overflow = await page.locator('mentor-chat .log').evaluate((log) => ({
      log: log.scrollWidth - log.clientWidth,
      bubbles: [...log.querySelectorAll('.msg')].map((m) => m.scrollWidth - m.clientWidth),
      host: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }));
    expect(overflow.log).toBeLessThanOrEqual(0);
    expect(Math.max(...overflow.bubbles)).toBeLessThanOrEqual(0);
    expect(overflow.host).toBeLessThanOrEqual(0);
    const rtl = page.locator('mentor-chat .log .msg .text', { hasText: 'مرحبا' });
    expect(await rtl.getAttribute('dir')).toBe('auto');
    expect(await rtl.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  });

  itNeverThrowsIntoTheHostPage(suite);
});
