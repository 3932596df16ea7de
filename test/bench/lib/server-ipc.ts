import { type ChildProcess, fork } from 'node:child_process';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './report.js';

/**
 * The IPC protocol between a bench and the server it measures. Any server process that
 * speaks it (the project's, or a raw `ws` broadcast server for comparison) can be driven
 * by the same load generator.
 */
type Request = { type: 'stats'; gc: boolean } | { type: 'stop' };
export type ToServer = Request & { id: number };
export type FromServer =
  | { type: 'ready'; pid: number; port: number }
  | { type: 'reply'; id: number; stats?: ServerStats };

export interface ServerStats {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
  elu: EventLoopUtilization;
  /** Cumulative count and time of GC pauses; the longest since the previous stats call. */
  gcPauses: { count: number; totalMs: number; longestSinceLastStats: number };
  /** Errors seen on the server's TCP sockets since start, by code. */
  socketErrors: Record<string, number>;
  /** Durations (ms) timed inside the server since the previous stats call, by name. */
  timings: Record<string, number[]>;
  /** False when the process was started without --expose-gc and `gc: true` was asked. */
  collected: boolean;
}

export interface ServerHandle {
  pid: number;
  port: number;
  url: string;
  wsUrl: string;
  /** CPU, memory and event-loop use of the server process; `gc` collects first (needs --expose-gc). */
  stats(options?: { gc?: boolean }): Promise<ServerStats>;
  stop(): Promise<void>;
}

export const PROJECT_SERVER = fileURLToPath(new URL('../server-process.ts', import.meta.url));

/** Forks a server process under tsx with --expose-gc and waits until it listens. */
export async function startServerProcess(options: {
  script?: string;
  env: Record<string, string>;
}): Promise<ServerHandle> {
  const child: ChildProcess = fork(options.script ?? PROJECT_SERVER, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc', ...profileFlags()],
    env: { ...process.env, ...options.env },
    // stdout carries one JSON log line per request: still written (its cost is the server's),
    // but to /dev/null, so the figures stay readable. Warnings and errors (stderr) show.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const pending = new Map<number, { resolve: (message: FromServer) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<{ pid: number; port: number }>((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`server process exited with code ${code}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
    });
    child.on('message', (raw) => {
      const message = raw as FromServer;
      if (message.type === 'ready') resolve(message);
      else pending.get(message.id)?.resolve(message);
    });
  });
  const request = (message: Request) =>
    new Promise<FromServer>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, {
        resolve: (reply) => {
          pending.delete(id);
          resolve(reply);
        },
        reject: (error) => {
          pending.delete(id);
          reject(error);
        },
      });
      child.send({ ...message, id });
    });

  const { pid, port } = await ready;
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    async stats({ gc = false } = {}) {
      const reply = await request({ type: 'stats', gc });
      if (reply.type !== 'reply' || !reply.stats) throw new Error('server process sent no stats');
      return reply.stats;
    },
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.exitCode === null) {
        child.send({ type: 'stop', id: nextId++ });
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    },
  };
}

/**
 * BENCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there on exit (read it with
 * profile-top.ts). BENCH_SERVER_FLAGS adds Node flags (e.g. --trace-gc).
 */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE;
  const extra = process.env.BENCH_SERVER_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

/** Differences between two stats snapshots of the same server process. */
export function statsDelta(before: ServerStats, after: ServerStats) {
  const userMs = (after.cpu.user - before.cpu.user) / 1000;
  const systemMs = (after.cpu.system - before.cpu.system) / 1000;
  const active = after.elu.active - before.elu.active;
  const idle = after.elu.idle - before.elu.idle;
  return {
    cpuMs: userMs + systemMs,
    userMs,
    systemMs,
    /** Since the server started, by code. */
    socketErrors: after.socketErrors,
    /** Timed inside the server during the window (the stats call that opened it cleared them). */
    timings: after.timings,
    gc: {
      count: after.gcPauses.count - before.gcPauses.count,
      totalMs: after.gcPauses.totalMs - before.gcPauses.totalMs,
      longestMs: after.gcPauses.longestSinceLastStats,
    },
    /** Share of wall time the server's event loop was busy (1 = saturated). */
    eventLoopUtilization: active / (active + idle),
    rssBytes: after.memory.rss - before.memory.rss,
    heapUsedBytes: after.memory.heapUsed - before.memory.heapUsed,
    externalBytes: after.memory.external - before.memory.external,
  };
}
