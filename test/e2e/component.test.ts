import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, joinRoom, registerStudent, send, signInAdmin } from '../utils/actors.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { sendMessage, textOf, ui } from './helpers/widget.js';

let reader: Actor;
let writer: Actor;
let roomId: string;

const suite = browserSuite(async ({ url }) => {
  const admin = await signInAdmin(url);
  roomId = await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Music room' });
  reader = await registerStudent(url, 'Rosa');
  writer = await registerStudent(url, 'Wes');
  await joinRoom(url, reader.token, roomId);
  await joinRoom(url, writer.token, roomId);
});

describe('as a component', { timeout: 60_000 }, () => {
  it('launcher: counts unread while the panel is closed, and clears them when opened', async () => {
    const page = await suite.page();
    const feedUp = new Promise<void>((resolve) =>
      page.on('websocket', (socket) =>
        socket.on('framesent', (frame) => {
          const message = JSON.parse(String(frame.payload));
          if (message.type === 'subscribe' && message.payload.variables?.roomId === roomId) resolve();
        }),
      ),
    );
    await openHost(page, suite.e2e, {
      attributes: { token: reader.token, room: roomId, mode: 'launcher' },
      before: `<script>window.totals = []; document.addEventListener('mc-unread-change', (e) => totals.push(e.detail.total));</script>`,
    });
    const launcher = page.locator('mentor-chat .launcher');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Chat');
    await feedUp;
    await page.waitForTimeout(200); // every feed of the room is attached
    await send(suite.url, writer.token, roomId, 'New sheet music is in');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Chat, 1 unread');
    expect(await textOf(launcher.locator('.count'))).toBe('1');
    await shot(page, 'component-launcher-unread');
    await launcher.click();
    await ui.message(page, 'New sheet music is in').waitFor();
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Chat');
    expect(await page.evaluate(() => (window as unknown as { totals: number[] }).totals)).toEqual([1, 0]);
    expect(await page.locator('mentor-chat').getAttribute('open')).not.toBeNull();
  });

  it('keeps working when the host page moves the element', async () => {
    const page = await suite.page();
    await openHost(page, suite.e2e, {
      attributes: { token: reader.token, room: roomId },
      after: '<section id="elsewhere"></section>',
    });
    await ui.input(page).waitFor();
    await page.evaluate(() => document.querySelector('#elsewhere')?.append(document.querySelector('mentor-chat')!));
    await ui.input(page).waitFor();
    await sendMessage(page, 'Still here after the move');
    await ui.message(page, 'Still here after the move').waitFor();
    await send(suite.url, writer.token, roomId, 'And live events still arrive');
    await ui.message(page, 'And live events still arrive').waitFor();
  });

  it('reflects mode and theme, and switches theme live', async () => {
    const page = await suite.page();
    await openHost(page, suite.e2e, { attributes: { token: reader.token, room: roomId } });
    const chat = page.locator('mentor-chat');
    expect(await chat.getAttribute('mode')).toBe('inline');
    expect(await chat.getAttribute('theme')).toBe('light');
    const background = () => page.locator('mentor-chat .panel').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await chat.evaluate((el) => el.setAttribute('theme', 'dark'));
    await expect.poll(background).toBe('rgb(20, 24, 31)');
  });

  itNeverThrowsIntoTheHostPage(suite);
});
