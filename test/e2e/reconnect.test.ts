import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Actor, createRoom, registerStudent, send, userWithRole } from '../utils/actors.js';
import { must } from '../utils/graphql-client.js';
import { shot } from './helpers/browser.js';
import { openHost } from './helpers/host.js';
import { browserSuite, itNeverThrowsIntoTheHostPage } from './helpers/suite.js';
import { logSeqs, logTexts, sendMessage, ui } from './helpers/widget.js';

let page: Page;
let student: Actor;
let mentor: Actor;
let roomId: string;
/** `messageAdded` subscriptions the widget sent, with their variables. */
const subscriptions: { after: string | null }[] = [];

const suite = browserSuite(async ({ url, e2e }) => {
  mentor = await userWithRole(url, 'MENTOR', 'Mr Okafor');
  student = await registerStudent(url, 'Lena');
  roomId = await createRoom(url, mentor.token, { kind: 'PRIVATE', name: 'Lab group', memberIds: [student.id] });
  await send(url, mentor.token, roomId, 'Welcome to the lab group');
  page = await suite.page({ width: 800, height: 760 });
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload));
      const query = String(message.payload?.query ?? '');
      if (message.type === 'subscribe' && query.includes('messageAdded(roomId: $roomId, after: $after)')) {
        subscriptions.push({ after: message.payload.variables.after ?? null });
      }
    }),
  );
  await openHost(page, e2e, { attributes: { token: student.token, room: roomId } });
  await ui.message(page, 'Welcome to the lab group').waitFor();
});

/** Node's fetch may reuse a keep-alive socket the restarted server already closed: try once more. */
async function sendAfterRestart(body: string) {
  try {
    await send(suite.url, mentor.token, roomId, body);
  } catch {
    await send(suite.url, mentor.token, roomId, body);
  }
}

const state = () => ui.status(page).getAttribute('data-state');

async function bodiesOnServer(): Promise<string[]> {
  const query = 'query($id: ID!) { room(id: $id) { messages(last: 100) { edges { node { body } } } } }';
  const data = await must(suite.url, query, { id: roomId }, mentor.token);
  return data.room.messages.edges.map((e: { node: { body: string } }) => e.node.body);
}

describe('losing the server mid-conversation', { timeout: 90_000 }, () => {
  it('shows reconnecting, keeps sends typed offline, then catches up once and in order', async () => {
    await expect.poll(state).toBe('online');
    await send(suite.url, mentor.token, roomId, 'Before the restart');
    await ui.message(page, 'Before the restart').waitFor();

    await suite.e2e.server.pause();
    await expect.poll(state, { timeout: 5_000 }).toMatch(/reconnecting|offline/);
    await shot(page, 'reconnect-lost');
    await sendMessage(page, 'Typed while offline');
    await expect
      .poll(() => page.locator('mentor-chat .pending-state').textContent())
      .toContain('Waiting for the connection');
    await shot(page, 'reconnect-pending-send');

    const before = subscriptions.length;
    await suite.e2e.server.resume();
    // Written while the widget is still backing off: it must fetch these with `after`.
    const missed = ['Missed one', 'Missed two', 'Missed three', 'Missed four'];
    for (const body of missed) await sendAfterRestart(body);

    await expect.poll(state, { timeout: 20_000 }).toBe('online');
    await expect
      .poll(() => logTexts(page), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([...missed, 'Typed while offline']));
    await page.waitForTimeout(500); // any duplicate would have arrived by now

    const texts = await logTexts(page);
    expect(texts.slice(0, 2)).toEqual(['Welcome to the lab group', 'Before the restart']);
    expect(texts.filter((t) => missed.includes(t))).toEqual(missed);
    expect(new Set(texts).size).toBe(texts.length);
    const seqs = await logSeqs(page);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await page.locator('mentor-chat .msg.pending').count()).toBe(0);

    // The resumed subscription asked for what came after the last message seen.
    const resumed = subscriptions.slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.some((s) => s.after !== null)).toBe(true);
    // The offline send went out exactly once.
    expect((await bodiesOnServer()).filter((b) => b === 'Typed while offline')).toHaveLength(1);
    await shot(page, 'reconnect-caught-up');
  });

  it('a full restart while idle also resumes without duplicates', async () => {
    await suite.e2e.server.restart();
    await sendAfterRestart('After a quick restart');
    await ui.message(page, 'After a quick restart').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    const texts = await logTexts(page);
    expect(texts.filter((t) => t === 'After a quick restart')).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });

  itNeverThrowsIntoTheHostPage(suite);
});
