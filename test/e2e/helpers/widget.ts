import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const W = 'mentor-chat';

/** Locators into the widget's shadow root (Playwright's CSS engine pierces open shadow roots). */
export const ui = {
  status: (page: Page) => page.locator(`${W} [part='status']`),
  roomButton: (page: Page, name: string) => page.locator(`${W} button.room`, { hasText: name }),
  log: (page: Page) => page.locator(`${W} .log`),
  messages: (page: Page) => page.locator(`${W} .log .msg:not(.pending)`),
  /** A message the server has (an unsent one typed here does not count). */
  message: (page: Page, text: string) => page.locator(`${W} .log .msg:not(.pending)`, { hasText: text }),
  input: (page: Page) => page.locator(`${W} #mc-input`),
  typing: (page: Page) => page.locator(`${W} .typing`),
  receipt: (page: Page) => page.locator(`${W} .receipt`),
  composerError: (page: Page) => page.locator(`${W} .composer p.error`),
  signOut: (page: Page) => page.locator(`${W} [part='sign-out']`),
  viewer: (page: Page) => page.locator(`${W} [part='viewer']`),
};

/** Waits until the composer's input is there and enabled (in an encrypted room: the room key is in hand). */
export async function writable(page: Page): Promise<void> {
  await expect
    .poll(() =>
      ui
        .input(page)
        .isDisabled({ timeout: 250 })
        .catch(() => true),
    )
    .toBe(false);
}

/** A locator's text, or null when it is not there (never waits long: for expect.poll). */
export function textOf(locator: Locator): Promise<string | null> {
  return locator.textContent({ timeout: 250 }).catch(() => null);
}

export async function signInWithForm(page: Page, handle: string, password: string): Promise<void> {
  await page.locator(`${W} #mc-handle`).fill(handle);
  await page.locator(`${W} #mc-password`).fill(password);
  await page.locator(`${W} #mc-password`).press('Enter');
  await ui.viewer(page).waitFor();
}

export async function openRoom(page: Page, name: string): Promise<void> {
  await ui.roomButton(page, name).click();
  await ui.input(page).waitFor();
}

/** Types a message and presses Enter, as a person would. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await ui.input(page).fill(text);
  await ui.input(page).press('Enter');
}

/** The log's message texts in display order (tombstones and notes included). */
export function logTexts(page: Page): Promise<string[]> {
  return page.locator(`${W} .log .msg:not(.pending) :is(.text, .note)`).allTextContents();
}

/** The seq of every message in the log, in display order. */
export async function logSeqs(page: Page): Promise<number[]> {
  const seqs = await page
    .locator(`${W} .log .msg[data-seq]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-seq')));
  return seqs.map(Number);
}
