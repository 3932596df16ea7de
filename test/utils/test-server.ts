import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, type AppDeps, buildApp } from '../../server/app.js';
import { type Config, loadConfig } from '../../server/config.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';

export const TEST_ADMIN = { handle: 'admin', password: 'admin-password-1' };
export const TEST_PORTAL_SECRET = 'test-portal-secret-that-is-long-enough-1234';

/**
 * Limits far above what any test does; the defaults are in server/config.ts and docs/limits.md.
 * TEST_DEFAULT_LIMITS=1 leaves the defaults on, to see a suite (the widget's, say) live within them.
 */
export const UNLIMITED: Record<string, string> = process.env.TEST_DEFAULT_LIMITS
  ? {}
  : {
      MESSAGE_RATE_PER_SECOND: '10000',
      MESSAGE_BURST: '100000',
      TYPING_RATE_PER_SECOND: '10000',
      TYPING_BURST: '100000',
      AUTH_FREE_ATTEMPTS: '1000000',
      AUTH_MAX_ATTEMPTS: '1000000',
      WS_MAX_SOCKETS_PER_IP: '1000000',
      WS_OPERATIONS_RATE_PER_SECOND: '10000',
      WS_OPERATIONS_BURST: '100000',
      HTTP_SESSION_RATE_PER_SECOND: '10000',
      HTTP_SESSION_BURST: '100000',
      HTTP_IP_RATE_PER_SECOND: '10000',
      HTTP_IP_BURST: '100000',
    };

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  app: App;
  store: Store;
  config: Readonly<Config>;
  dataDir: string;
  /** Stops and starts again on the same port and data directory (the data survives). */
  restart(): Promise<void>;
  /** Stops serving until `resume()` (for tests of clients that lose the server for a while). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** A fixed port (e.g. one the test already put in ALLOWED_ORIGINS); a free one when omitted. */
  port?: number;
  /** Routes mounted before the static ones, made from the final config (the demo portal's). */
  extraRoutes?: (config: Readonly<Config>) => AppDeps['extraRoutes'];
}

/** The real server on a free port with a fresh SQLite file; each test file gets its own. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-it-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dir,
    ADMIN_HANDLE: TEST_ADMIN.handle,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    PORTAL_JWT_SECRET: TEST_PORTAL_SECRET,
    ALLOWED_ORIGINS: 'http://portal.test',
    // Every test file calls from 127.0.0.1 and some send fast: the abuse limits are out of the
    // way unless a test sets its own (test/integration/limits*.test.ts does).
    ...UNLIMITED,
    ...env,
  });
  const open = async (port: number) => {
    const store = openSqliteStore(path.join(dir, 'mentor-chat.db'));
    const app = buildApp({ config, store, extraRoutes: options.extraRoutes?.(config) });
    const started = await app.start(port, '127.0.0.1');
    return { store, app, port: started.port };
  };
  let current = await open(options.port ?? 0);
  let paused = false;
  const server: TestServer = {
    url: `http://127.0.0.1:${current.port}/graphql`,
    wsUrl: `ws://127.0.0.1:${current.port}/graphql`,
    port: current.port,
    app: current.app,
    store: current.store,
    config,
    dataDir: dir,
    async restart() {
      await current.app.stop();
      await current.store.close();
      current = await open(server.port);
      server.app = current.app;
      server.store = current.store;
    },
    async pause() {
      await current.app.stop();
      await current.store.close();
      paused = true;
    },
    async resume() {
      current = await open(server.port);
      server.app = current.app;
      server.store = current.store;
      paused = false;
    },
    async stop() {
      if (!paused) {
        await current.app.stop();
        await current.store.close();
      }
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
