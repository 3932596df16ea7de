import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
beforeAll(async () => {
  // Production mode: no demo routes, only the app's own static routes.
  server = await startTestServer({ NODE_ENV: 'production' });
});
afterAll(async () => {
  await server.stop();
});

describe('static files', () => {
  it('serves the built widget at /widget/mentor-chat.js, fetchable from any origin', async () => {
    const base = server.url.replace(/\/graphql$/, '');
    const res = await fetch(`${base}/widget/mentor-chat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await res.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${base}/widget/../package.json`)).status).not.toBe(200);
  });
});
