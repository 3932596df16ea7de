import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { PresenceTuning } from '../../server/presence/presence.service.js';
import { TEST_ADMIN, TEST_PORTAL_SECRET, UNLIMITED } from './test-server.js';

const root = path.resolve(import.meta.dirname, '../..');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:port */
  base: string;
  url: string;
  wsUrl: string;
  exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * A deployment for one test file: a data directory (one SQLite file in WAL mode shared by every
 * instance, as several processes on one host would) and a Redis prefix of its own, so test files
 * running in parallel against the same Redis never see each other's events or keys.
 */
export interface Cluster {
  dataDir: string;
  prefix: string;
  instances: Instance[];
  start(options?: {
    port?: number;
    env?: Record<string, string>;
    presence?: Partial<PresenceTuning>;
    entry?: string;
  }): Promise<Instance>;
  /** SIGKILLs whatever still runs and removes the Redis keys and data of the run. */
  cleanup(): Promise<void>;
}

export function createCluster(): Cluster {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-mi-'));
  const prefix = `mentor-chat-test:${randomUUID()}:`;
  const instances: Instance[] = [];
  return {
    dataDir,
    prefix,
    instances,
    async start(options = {}) {
      const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'test/utils/instance-process.ts'], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          PORT: String(options.port ?? 0),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          REDIS_URL,
          ADMIN_HANDLE: TEST_ADMIN.handle,
          ADMIN_PASSWORD: TEST_ADMIN.password,
          PORTAL_JWT_SECRET: TEST_PORTAL_SECRET,
          ALLOWED_ORIGINS: 'http://portal.test',
          TEST_REDIS_PREFIX: prefix,
          TEST_PRESENCE: JSON.stringify(options.presence ?? {}),
          // The abuse limits would rightly refuse one test client opening thousands of sockets.
          ...UNLIMITED,
          LIMITS_KEY_PREFIX: `${prefix}limits`,
          WS_MAX_SOCKETS_PER_IP: '100000',
          MESSAGE_RATE_PER_SECOND: '1000',
          MESSAGE_BURST: '1000',
          TYPING_RATE_PER_SECOND: '1000',
          TYPING_BURST: '1000',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 30_000;
      const listening = () => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      while (!listening()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`instance did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const match = listening()!;
      const port = Number(match[1]);
      const base = `http://127.0.0.1:${port}`;
      const instance: Instance = {
        child,
        port,
        base,
        url: `${base}/graphql`,
        wsUrl: `ws://127.0.0.1:${port}/graphql`,
        exited,
        output: () => output,
      };
      instances.push(instance);
      return instance;
    },
    async cleanup() {
      for (const { child } of instances)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.all(instances.map((i) => i.exited));
      const redis = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns true, failing with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A graphql-ws client that tries `urls` in turn on every (re)connect, as a client behind a load
 * balancer reaches another instance when its own goes away. Retries after a short random wait.
 */
export function failoverClient(
  urls: string[],
  token: string,
  on: { connected?: () => void; closed?: (code: number) => void } = {},
  maxWaitMs = 300,
): Client {
  let attempt = 0;
  return createClient({
    url: () => urls[attempt++ % urls.length],
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 100,
    retryWait: () => new Promise((r) => setTimeout(r, 50 + Math.random() * (maxWaitMs - 50))),
    shouldRetry: () => true,
    connectionParams: { authToken: token },
    onNonLazyError: () => {},
    on: {
      connected: () => on.connected?.(),
      closed: (event) => on.closed?.((event as { code: number }).code),
    },
  });
}
