// The project's real server in its own process, so the load generator's CPU is not counted
// as the server's. Configured by the environment (DATA_DIR, ADMIN_*, NODE_ENV); started by
// lib/server-ipc.ts, to which it reports its port and answers stats requests over IPC.
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { FromServer, ServerStats, ToServer } from './lib/server-ipc.js';

const config = loadConfig({ ...process.env, PORT: '0' });
const store = openSqliteStore(path.join(config.dataDir, 'mentor-chat.db'));
const app = buildApp({ config, store });
const { port } = await app.start(0, '127.0.0.1');

// GC pauses block every request and delivery: counted so a bench can tell them from other stalls.
const gcPauses = { count: 0, totalMs: 0, longestSinceLastStats: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauses.count++;
    gcPauses.totalMs += entry.duration;
    gcPauses.longestSinceLastStats = Math.max(gcPauses.longestSinceLastStats, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

// Errors on the raw TCP sockets (a reset, a write after close): why a client saw a 1006.
const socketErrors: Record<string, number> = {};
app.server.on('connection', (socket) =>
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const key = error.code ?? error.message;
    socketErrors[key] = (socketErrors[key] ?? 0) + 1;
  }),
);

const reply = (message: FromServer) => process.send?.(message);
const collect = (globalThis as { gc?: () => void }).gc;

function stats(gc: boolean): ServerStats {
  if (gc && collect) {
    // Twice: the first pass may only queue finalizers that free more on the second.
    collect();
    collect();
  }
  const pauses = { ...gcPauses };
  gcPauses.longestSinceLastStats = 0;
  return {
    cpu: process.cpuUsage(),
    memory: process.memoryUsage(),
    elu: performance.eventLoopUtilization(),
    gcPauses: pauses,
    socketErrors: { ...socketErrors },
    collected: gc && Boolean(collect),
  };
}

process.on('message', async (raw) => {
  const message = raw as ToServer;
  if (message.type === 'stats') return reply({ type: 'reply', id: message.id, stats: stats(message.gc) });
  if (message.type === 'stop') {
    await app.stop();
    await store.close();
    process.exit(0);
  }
});
// The bench died without saying stop: do not outlive it.
process.on('disconnect', () => process.exit(0));

reply({ type: 'ready', pid: process.pid, port });
