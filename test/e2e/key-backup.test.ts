import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, registerStudent, startSession, userWithRole } from '../utils/actors.js';
import { rawDatabaseContains } from '../utils/raw-db.js';
import { seriousViolations } from './helpers/axe.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, signInWithForm, textOf, ui, writable } from './helpers/widget.js';

let mentor: Actor;
let student: Actor;

const suite = browserSuite(async ({ url }) => {
  mentor = await userWithRole(url, 'MENTOR', 'Mr Adeyemi');
  student = await registerStudent(url, 'Tomasz Student');
});

const PASSPHRASE = 'harbour lantern quietly folds';
const WORRY = 'I keep thinking I will fail the resit';
const PLAN = 'We will break revision into small daily pieces';
const WAITING = 'Waiting for the key to this conversation';

const W = 'mentor-chat';
const keys = {
  button: (page: Page) => page.locator(`${W} [part='key-backup-button']`),
  screen: (page: Page) => page.locator(`${W} [part='key-backup']`),
  offer: (page: Page) => page.locator(`${W} [part='key-backup-offer']`),
  error: (page: Page) => page.locator(`${W} [part='key-backup'] [role='alert']`),
  status: (page: Page) => page.locator(`${W} [part='key-backup'] [role='status']`),
};

const mentorId = () => localId(mentor.id, 'User')!;
const devicesOfMentor = () => suite.e2e.server.store.listDevices(mentorId());
const keyDatabases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'mentor-chat-keys'));

/** Submits the protect form with what a person typed. */
async function protect(page: Page, passphrase: string, confirmation: string): Promise<void> {
  await page.locator(`${W} #mc-backup-new`).fill(passphrase);
  await page.locator(`${W} #mc-backup-confirm`).fill(confirmation);
  await page.locator(`${W} #mc-backup-confirm`).press('Enter');
}

describe('key backup in real browsers', { timeout: 120_000 }, () => {
  let session: string;
  let mentorPage: Page;

  it('a mentor and a student hold a session (the student then leaves: nobody can re-share keys)', async () => {
    session = await startSession(suite.url, mentor.token, student.id, 'Resit worries');
    mentorPage = await suite.page();
    await openHost(mentorPage, suite.e2e, { attributes: { room: session } });
    await signInWithForm(mentorPage, mentor.handle, 'student-password');
    const studentPage = await suite.page();
    await openHost(studentPage, suite.e2e, { attributes: { token: student.token, room: session } });
    await writable(mentorPage);
    await writable(studentPage);
    await sendMessage(studentPage, WORRY);
    await ui.message(mentorPage, WORRY).waitFor();
    await sendMessage(mentorPage, PLAN);
    await ui.message(studentPage, PLAN).waitFor();
    await studentPage.context().close();
  });

  it('protects the keys with a passphrase: too short and mismatched are refused clearly', async () => {
    await keys.button(mentorPage).click();
    await mentorPage.locator(`${W} #mc-backup-new`).waitFor();
    // Keyboard: focus lands in the form.
    expect(await mentorPage.evaluate(() => document.querySelector('mentor-chat')?.shadowRoot?.activeElement?.id)).toBe(
      'mc-backup-new',
    );
    await protect(mentorPage, 'too short', 'too short');
    await expect.poll(() => textOf(keys.error(mentorPage))).toContain('at least 12 characters');
    await protect(mentorPage, PASSPHRASE, `${PASSPHRASE}!`);
    await expect.poll(() => textOf(keys.error(mentorPage))).toContain('do not match');
    expect(await suite.e2e.server.store.getKeyBackup(mentorId())).toBeNull();

    await protect(mentorPage, PASSPHRASE, PASSPHRASE);
    await expect.poll(() => textOf(keys.status(mentorPage)), { timeout: 20_000 }).toContain('Your keys are backed up');
    expect(await keys.error(mentorPage).count()).toBe(0);
    expect(await seriousViolations(mentorPage)).toEqual([]);
    await shot(mentorPage, 'key-backup-protected');

    // The server holds the sealed blob only, and the recovery device holds the session key.
    const backup = await suite.e2e.server.store.getKeyBackup(mentorId());
    expect(backup?.iterations).toBeGreaterThanOrEqual(600_000);
    expect(rawDatabaseContains(suite.e2e.server.dataDir, PASSPHRASE)).toBe(false);
    const inUse = (await devicesOfMentor()).filter((d) => !d.removedAt);
    expect(inUse).toHaveLength(2);
    for (const device of inUse) {
      const wrapped = await suite.e2e.server.store.listWrappedKeys(localId(session, 'Room')!, device.id);
      expect(wrapped.map((k) => k.keyVersion)).toEqual([1]);
    }
  });

  it("sign-out removes this browser's device and its keys; the recovery device stays", async () => {
    const before = (await devicesOfMentor()).filter((d) => !d.removedAt);
    await mentorPage.locator(`${W} [part='key-backup'] button.link`, { hasText: 'Back to conversations' }).click();
    await ui.signOut(mentorPage).click();
    await mentorPage.locator(`${W} #mc-handle`).waitFor();
    await expect.poll(() => keyDatabases(mentorPage)).toEqual([]);
    await expect.poll(async () => (await devicesOfMentor()).filter((d) => !d.removedAt).length).toBe(1);
    const [recovery] = (await devicesOfMentor()).filter((d) => !d.removedAt);
    expect(before.map((d) => d.id)).toContain(recovery.id);
    const removed = (await devicesOfMentor()).find((d) => d.removedAt);
    expect(await suite.e2e.server.store.listWrappedKeys(localId(session, 'Room')!, removed!.id)).toEqual([]);
    await mentorPage.context().close();
  });

  it('a fresh browser offers to restore; a wrong passphrase changes nothing; the right one reads the old session', async () => {
    const page = await suite.page();
    await openHost(page, suite.e2e, { attributes: { room: session } });
    await signInWithForm(page, mentor.handle, 'student-password');
    await keys.offer(page).waitFor();
    await expect.poll(() => logTexts(page)).toEqual([WAITING, WAITING]);
    await shot(page, 'key-backup-offer');

    await page.locator(`${W} [part='key-backup-offer'] button`, { hasText: 'Restore access to past sessions' }).click();
    const passphrase = page.locator(`${W} #mc-backup-passphrase`);
    await passphrase.waitFor();
    const devicesBefore = await devicesOfMentor();
    await passphrase.fill('harbour lantern quietly fold');
    await passphrase.press('Enter');
    await expect.poll(() => textOf(keys.error(page)), { timeout: 20_000 }).toContain('does not open your key backup');
    expect(await devicesOfMentor()).toEqual(devicesBefore);
    await shot(page, 'key-backup-wrong-passphrase');

    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    await expect.poll(() => textOf(keys.status(page)), { timeout: 20_000 }).toContain('Access restored');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator(`${W} [part='key-backup'] button.link`, { hasText: 'Back to conversations' }).click();
    await expect.poll(() => logTexts(page)).toEqual([WORRY, PLAN]);
    expect(await keys.offer(page).count()).toBe(0);
    await writable(page);
    await shot(page, 'key-backup-restored');

    // Signing out again leaves nothing of it in this browser either.
    await ui.signOut(page).click();
    await page.locator(`${W} #mc-handle`).waitFor();
    await expect.poll(() => keyDatabases(page)).toEqual([]);
    const text = await page.locator(W).evaluate((el) => el.shadowRoot?.textContent ?? '');
    expect(text).not.toContain(WORRY);
    await page.context().close();
  });

  itNeverThrowsIntoTheHostPage(suite);
});
