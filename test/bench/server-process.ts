// The project's real server in its own process, so the load generator's CPU is not counted
// as the server's. Configured by the environment (DATA_DIR, ADMIN_*, NODE_ENV); started by
// lib/server-ipc.ts, to which it reports its port and answers stats requests over IPC.
import path from 'node:path';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { serveBenchIpc } from './lib/process-stats.js';

const config = loadConfig({ ...process.env, PORT: '0' });
const store = openSqliteStore(path.join(config.dataDir, 'mentor-chat.db'));

// Timed inside the server, so a bench can tell the server's share of a round trip from the
// machine's (scheduling, loopback, the load generator).
const timings: Record<string, number[]> = {};
const record = (name: string, started: number) => {
  timings[name] ??= [];
  timings[name].push(performance.now() - started);
};
for (const method of ['appendMessage', 'listMessages'] as const) {
  const original = store[method] as (...args: unknown[]) => Promise<unknown>;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await original(...args);
    } finally {
      record(`store.${method}`, started);
    }
  };
}
const app = buildApp({ config, store });
const { port } = await app.start(0, '127.0.0.1');
app.server.on('request', (_req, res) => {
  const started = performance.now();
  res.once('finish', () => record('HTTP request', started));
});

// Errors on the raw TCP sockets (a reset, a write after close): why a client saw a 1006.
const socketErrors: Record<string, number> = {};
app.server.on('connection', (socket) =>
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const key = error.code ?? error.message;
    socketErrors[key] = (socketErrors[key] ?? 0) + 1;
  }),
);

serveBenchIpc({
  socketErrors: () => socketErrors,
  timings,
  stop: async () => {
    await app.stop();
    await store.close();
  },
}).ready(port);
