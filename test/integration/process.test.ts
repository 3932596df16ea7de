import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeProcess } from '../utils/node-process.js';

const children: ChildProcess[] = [];

/** Runs the real entry point the way `npm start` does (minus the widget build). */
function startProcess(env: Record<string, string>) {
  const proc = startNodeProcess('server/main.ts', env);
  children.push(proc.child);
  return proc;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the server process', () => {
  it('starts with defaults, prints its URL, and exits 0 on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-proc-'));
    const proc = startProcess({ PORT: '0', DATA_DIR: dataDir });
    const output = await proc.waitFor(/listening on (http:\/\/\S+)/);
    const url = /listening on (http:\/\/\S+)/.exec(output)![1];
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'mentor-chat.db'))).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ ALLOWED_ORIGINS: 'not a url' }, /ALLOWED_ORIGINS/],
    [{ PORTAL_JWT_SECRET: 'short' }, /PORTAL_JWT_SECRET must be at least 32/],
    [{ ADMIN_HANDLE: 'root' }, /ADMIN_HANDLE and ADMIN_PASSWORD must be set together/],
    [{ MONGODB_URI: 'http://db' }, /MONGODB_URI must start with mongodb/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be/],
  ])('refuses bad configuration %j with a clear message and exit code 1', async (env, message) => {
    const proc = startProcess(env);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(message);
    expect(proc.output()).toMatch(/configuration error/);
  });
});
