import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser } from './browser.js';
import { type E2eServer, startE2eServer } from './server.js';

/** What a browser test file shares: the real server, one Chromium, and the pages' errors. */
export interface BrowserSuite {
  e2e: E2eServer;
  browser: Browser;
  /** The server's GraphQL URL, for setting up users and rooms over HTTP. */
  url: string;
  /** Uncaught errors of every page opened with `page()`. */
  errors: string[];
  /** A page in a fresh browser context (its own storage, as another person's browser). */
  page(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Starts the server and the browser before the file's tests (then runs `setup`), and
 * stops both after them. Call it once, at the top of a test file.
 */
export function browserSuite(setup: (suite: BrowserSuite) => Promise<void> = async () => {}): BrowserSuite {
  // A browser and a server under a loaded CI machine need more than expect.poll's 1 s default.
  // (Vitest resets this after each file.)
  vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 50 } } });
  const suite = {
    errors: [] as string[],
    async page(viewport = { width: 900, height: 760 }) {
      const context = await suite.browser.newContext({ viewport });
      const page = await context.newPage();
      page.on('pageerror', (error) => suite.errors.push(error.message));
      return page;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    suite.e2e = await startE2eServer();
    suite.url = suite.e2e.server.url;
    suite.browser = await launchBrowser();
    await setup(suite);
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.e2e?.server.stop();
  });
  return suite;
}

/** The last test of every browser file: the widget never threw into a host page. */
export function itNeverThrowsIntoTheHostPage(suite: BrowserSuite): void {
  it('never throws into the host page', () => {
    expect(suite.errors).toEqual([]);
  });
}
