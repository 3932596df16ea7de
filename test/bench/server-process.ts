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
const app = buildApp({ config, store });
const { port } = await app.start(0, '127.0.0.1');

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
  stop: async () => {
    await app.stop();
    await store.close();
  },
}).ready(port);
