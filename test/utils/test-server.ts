import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp } from '../../server/app.js';
import { type Config, loadConfig } from '../../server/config.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';

export const TEST_ADMIN = { handle: 'admin', password: 'admin-password-1' };
export const TEST_PORTAL_SECRET = 'test-portal-secret-that-is-long-enough-1234';

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
  stop(): Promise<void>;
}

/** The real server on a free port with a fresh SQLite file; each test file gets its own. */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-it-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dir,
    ADMIN_HANDLE: TEST_ADMIN.handle,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    PORTAL_JWT_SECRET: TEST_PORTAL_SECRET,
    ALLOWED_ORIGINS: 'http://portal.test',
    ...env,
  });
  const open = async (port: number) => {
    const store = openSqliteStore(path.join(dir, 'mentor-chat.db'));
    const app = buildApp({ config, store });
    const started = await app.start(port, '127.0.0.1');
    return { store, app, port: started.port };
  };
  let current = await open(0);
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
    async stop() {
      await current.app.stop();
      await current.store.close();
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
