import type { Page } from 'playwright-core';
import type { E2eServer } from './server.js';

export interface HostOptions {
  /** Attributes of <mentor-chat>, e.g. { token, room, mode: 'launcher' }. */
  attributes?: Record<string, string>;
  /** Host markup before and after the element. */
  before?: string;
  after?: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Builds a plain host page that embeds the widget the way integrators do. */
export function hostHtml(options: HostOptions = {}): string {
  const attributes = Object.entries(options.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><title>Host page</title><link rel="icon" href="data:,">
  <style>body { font-family: sans-serif; margin: 16px; } mentor-chat:not([mode='launcher']) { width: 460px; height: 600px; }</style>
  <script type="module" src="/widget/mentor-chat.js"></script>
</head>
<body>
  <main>
    <h1>Host page</h1>
    ${options.before ?? ''}
    <mentor-chat${attributes}></mentor-chat>
    ${options.after ?? ''}
  </main>
</body>
</html>`;
}

/** Opens a host page served by the chat server, and waits for the element to be defined. */
export async function openHost(page: Page, e2e: E2eServer, options: HostOptions = {}): Promise<string> {
  const url = e2e.hostPage(hostHtml(options));
  await page.goto(url);
  await page.waitForFunction(() => Boolean(customElements.get('mentor-chat')));
  return url;
}
