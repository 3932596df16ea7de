import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Actor } from '../../utils/actors.js';
import { devicesOf } from '../../utils/e2e-devices.js';
import { openHost } from './host.js';
import type { BrowserSuite } from './suite.js';
import { ui } from './widget.js';

/**
 * A person's browser (a fresh context of the suite) on a host page, signed in by token and
 * opened on `room` if given; waits until the server lists a device of theirs, which the widget
 * registers after sign-in.
 */
export async function browserOf(suite: BrowserSuite, actor: Actor, room?: string): Promise<Page> {
  const page = await suite.page();
  await openHost(page, suite.e2e, { attributes: { token: actor.token, ...(room ? { room } : {}) } });
  await ui.viewer(page).waitFor();
  await expect
    .poll(async () => (await devicesOf(suite.url, actor.token, actor.id)).data?.devices.length ?? 0)
    .toBeGreaterThan(0);
  return page;
}
