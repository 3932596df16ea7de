import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, registerStudent, send, signInAdmin, userWithRole } from '../utils/actors.js';
import { gql } from '../utils/graphql-client.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { openRoom, sendMessage, signInWithForm, ui } from './helpers/widget.js';

let alice: Actor;
let bruno: Actor;

/** Everything of the widget a person could see or a script could read in this tab. */
function traces(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('mentor-chat')?.shadowRoot;
    const fields = [...(root?.querySelectorAll('input, textarea') ?? [])].map((f) => (f as HTMLInputElement).value);
    const stored = (s: Storage) => Object.keys(s).filter((k) => k.startsWith('mentor-chat:'));
    return {
      text: `${root?.textContent ?? ''} ${fields.join(' ')}`,
      keys: [...stored(sessionStorage), ...stored(localStorage)],
    };
  });
}

/** The encryption key databases of this browser (sign-out deletes `mentor-chat-keys`). */
const keyDatabases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'mentor-chat-keys'));
/** Whether each of the user's devices is removed, oldest first. */
const removedDevices = async (actor: Actor) =>
  (await suite.e2e.server.store.listDevices(localId(actor.id, 'User')!)).map((d) => d.removedAt !== null);

const signedOutEvents = (page: Page) => page.evaluate(() => (window as unknown as { out: string[] }).out);
const LISTEN = `<script>window.out = []; document.addEventListener('mc-signed-out', (e) => window.out.push(e.detail.reason));</script>`;

const suite = browserSuite(async ({ url }) => {
  const admin = await signInAdmin(url);
  await createRoom(url, admin.token, { kind: 'PUBLIC', name: 'Library corner' });
  const mentor = await userWithRole(url, 'MENTOR', 'Mr Diaz');
  alice = await registerStudent(url, 'Alice');
  bruno = await registerStudent(url, 'Bruno');
  const privateRoom = await createRoom(url, mentor.token, {
    kind: 'PRIVATE',
    name: 'Alice pastoral',
    memberIds: [alice.id],
  });
  await send(url, mentor.token, privateRoom, 'How are things at home this week?');
});

describe('a shared computer', { timeout: 60_000 }, () => {
  it('sign out leaves nothing of the first user, and the next user sees none of it', async () => {
    const page = await suite.page({ width: 800, height: 760 });
    await openHost(page, suite.e2e, { before: LISTEN });
    await signInWithForm(page, alice.handle, 'student-password');
    await openRoom(page, 'Alice pastoral');
    await sendMessage(page, 'Things are hard at the moment');
    await ui.message(page, 'Things are hard at the moment').waitFor();
    await ui.input(page).fill('an unsent draft about my family');

    // A reload in the same tab keeps the session and the draft (until sign-out).
    await page.reload();
    await page.waitForFunction(() => Boolean(customElements.get('mentor-chat')));
    await ui.viewer(page).waitFor();
    await openRoom(page, 'Alice pastoral');
    expect(await ui.input(page).inputValue()).toBe('an unsent draft about my family');
    const token = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('mentor-chat:') && k.endsWith(':token'));
      return key ? JSON.parse(sessionStorage.getItem(key)!) : null;
    });
    expect(typeof token).toBe('string');

    await ui.signOut(page).click();
    await page.locator('mentor-chat #mc-handle').waitFor();
    const after = await traces(page);
    expect(after.keys).toEqual([]);
    for (const secret of ['Alice', 'pastoral', 'Things are hard', 'unsent draft', 'How are things at home']) {
      expect(after.text).not.toContain(secret);
    }
    // The token was revoked on the server, not only forgotten here.
    const stale = await gql(suite.url, '{ me { id } }', {}, token);
    expect(stale.data?.me ?? null).toBeNull();
    // Her encryption keys are gone from the browser, and her device from the server.
    await expect.poll(() => keyDatabases(page)).toEqual([]);
    expect(await removedDevices(alice)).toEqual([true]);
    await shot(page, 'shared-signed-out');

    await signInWithForm(page, bruno.handle, 'student-password');
    await ui.roomButton(page, 'Library corner').waitFor();
    const bruno1 = await traces(page);
    for (const secret of ['Alice', 'pastoral', 'Things are hard', 'unsent draft', 'How are things at home']) {
      expect(bruno1.text).not.toContain(secret);
    }
    await openRoom(page, 'Library corner');
    expect(await ui.input(page).inputValue()).toBe('');
    await shot(page, 'shared-next-user');
    await page.context().close();
  });

  it('the idle timeout signs out and clears, and activity keeps the session', async () => {
    const page = await suite.page({ width: 800, height: 760 });
    await openHost(page, suite.e2e, { attributes: { 'idle-timeout': '2' }, before: LISTEN });
    await signInWithForm(page, bruno.handle, 'student-password');
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 10);
      await page.keyboard.press('Shift');
      await page.waitForTimeout(500);
    }
    expect(await ui.viewer(page).isVisible()).toBe(true);
    await page.locator('mentor-chat #mc-handle').waitFor({ timeout: 6_000 });
    expect(await page.locator('mentor-chat [part="sign-in"] .notice').textContent()).toContain('not used for a while');
    expect((await traces(page)).keys).toEqual([]);
    expect(await signedOutEvents(page)).toEqual(['idle']);
    await expect.poll(() => keyDatabases(page)).toEqual([]);
    await expect.poll(async () => (await removedDevices(bruno)).at(-1)).toBe(true);
    await shot(page, 'shared-idle-signed-out');
    await page.context().close();
  });

  it('signing out offline still ends the session here at once and clears everything', async () => {
    const page = await suite.page({ width: 800, height: 760 });
    await openHost(page, suite.e2e, { before: LISTEN });
    await signInWithForm(page, alice.handle, 'student-password');
    await expect.poll(async () => (await removedDevices(alice)).filter((removed) => !removed).length).toBe(1);
    await page.context().setOffline(true);
    await ui.signOut(page).click();
    await page.locator('mentor-chat #mc-handle').waitFor();
    expect((await traces(page)).keys).toEqual([]);
    await expect.poll(() => keyDatabases(page)).toEqual([]);
    expect(await signedOutEvents(page)).toEqual(['user']);
    // The server could not be told: that device stays registered (removeDevice can still remove it).
    expect(await removedDevices(alice)).toEqual([true, false]);
    await page.context().close();
  });

  itNeverThrowsIntoTheHostPage(suite);
});
