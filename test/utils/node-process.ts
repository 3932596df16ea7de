import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface NodeProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Waits until the output matches (or fails if the process exits or time runs out first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Runs a TypeScript entry of this repository through tsx, the way `npm start` and `npm run` do. */
export function startNodeProcess(entry: string, env: Record<string, string>, args: string[] = []): NodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return output;
  };
  return { child, exited, waitFor, output: () => output };
}
