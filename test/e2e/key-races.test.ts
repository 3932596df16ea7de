import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, registerStudent, startSession, userWithRole } from '../utils/actors.js';
import { devicesOf } from '../utils/e2e-devices.js';
import { openRawDatabase } from '../utils/raw-db.js';
import { browserOf } from './helpers/signed-in.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logTexts, sendMessage, ui, writable } from './helpers/widget.js';

// Two browsers of one mentor open a new session at once, and both make its first room key.
// The server lets one make it and refuses the other (CONFLICT); that one fetches the key instead.
// Both write, under the one key; the student reads both.

let mentor: Actor;
let student: Actor;

const suite = browserSuite(async ({ url }) => {
  mentor = await userWithRole(url, 'MENTOR', 'Ms Two Laptops');
  student = await registerStudent(url, 'Sam Student');
});

/**
 * Holds each page's key-making share (`newKey`) until every page has sent one, so that all make
 * a key before any is stored; returns the code each such share was answered with ('ok' or the
 * refusal's), filled in as they come back.
 */
async function holdUntilBothMakeAKey(pages: Page[]): Promise<string[]> {
  const outcomes: string[] = [];
  let arrived = 0;
  let release = () => {};
  const together = new Promise<void>((resolve) => {
    release = resolve;
  });
  for (const page of pages) {
    await page.route('**/graphql', async (route) => {
      const variables = (() => {
        try {
          return route.request().postDataJSON()?.variables;
        } catch {
          return undefined; // not a JSON POST
        }
      })();
      if (variables?.newKey !== true) return route.continue();
      if (++arrived === pages.length) release();
      await together;
      const response = await route.fetch();
      const body = await response.json();
      outcomes.push(body.errors?.[0]?.extensions?.code ?? 'ok');
      await route.fulfill({ response, json: body });
    });
  }
  return outcomes;
}

const FROM_LAPTOP = 'Written on the laptop';
const FROM_PHONE = 'Written on the phone';

describe('two browsers of one member making the first key at once', { timeout: 90_000 }, () => {
  it('end up with one key for the version: both write, the student reads both', async () => {
    // Both browsers are signed in (their devices registered) before the session exists; then
    // both open it in the same instant, neither holding its key.
    const [laptop, phone] = await Promise.all([browserOf(suite, mentor), browserOf(suite, mentor)]);
    await expect.poll(async () => (await devicesOf(suite.url, mentor.token, mentor.id)).data?.devices.length).toBe(2);
    const session = await startSession(suite.url, mentor.token, student.id, 'Two browsers');
    const outcomes = await holdUntilBothMakeAKey([laptop, phone]);
    await Promise.all(
      [laptop, phone].map((page) =>
        page.locator('mentor-chat').evaluate((element, room) => {
          (element as HTMLElement & { room: string }).room = room;
        }, session),
      ),
    );
    await Promise.all([writable(laptop), writable(phone)]);
    // Both made a key; the server took one and refused the other, which fetched that one.
    expect(outcomes.filter((code) => code === 'ok')).toHaveLength(1);
    expect(outcomes.filter((code) => code !== 'ok')).toEqual(outcomes.filter((code) => code === 'CONFLICT'));
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    await sendMessage(laptop, FROM_LAPTOP);
    await ui.message(laptop, FROM_LAPTOP).waitFor();
    await sendMessage(phone, FROM_PHONE);
    await ui.message(phone, FROM_PHONE).waitFor();

    const studentPage = await browserOf(suite, student, session);
    await expect.poll(() => logTexts(studentPage)).toEqual([FROM_LAPTOP, FROM_PHONE]);
    await expect.poll(() => logTexts(laptop)).toEqual([FROM_LAPTOP, FROM_PHONE]);
    await expect.poll(() => logTexts(phone)).toEqual([FROM_LAPTOP, FROM_PHONE]);

    // One device made version 1; every box of it was wrapped by that device or by a holder
    // passing that key on (a device that itself holds a box of the version).
    const db = openRawDatabase(suite.e2e.server.dataDir);
    try {
      const room = localId(session, 'Room');
      const makers = db
        .prepare('SELECT maker_device_id AS id FROM room_key_versions WHERE room_id = ? AND key_version = 1')
        .all(room) as { id: string }[];
      expect(makers).toHaveLength(1);
      const boxes = db
        .prepare(
          'SELECT recipient_device_id AS recipient, sender_device_id AS sender FROM wrapped_keys ' +
            'WHERE room_id = ? AND key_version = 1',
        )
        .all(room) as { recipient: string; sender: string }[];
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      const holders = new Set(boxes.map((box) => box.recipient));
      for (const { sender } of boxes) expect(sender === makers[0].id || holders.has(sender)).toBe(true);
    } finally {
      db.close();
    }
  });

  itNeverThrowsIntoTheHostPage(suite);
});
