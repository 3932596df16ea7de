// Fan-out, the project's server against a minimal raw `ws` broadcast server (raw-ws-server.ts),
// side by side in one run, driven by the same load generator (real graphql-ws clients, one room,
// the send time in each body). Targets (issue 5): CPU per delivery <= 2x raw; 1,000 subscribers
// at 20 msg/s with p99 < 50 ms; max sustained deliveries/s at 200 subscribers; memory per idle
// authenticated socket at 10,000 sockets. The servers run one after the other, never together.
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { runFanout } from './lib/fanout-load.js';
import { envNumber, formatSummary, kb, printHeader, reportResult, sleep } from './lib/report.js';
import { benchDataDir, seedRoomWithMembers } from './lib/seed.js';
import { type ServerHandle, startServerProcess, statsDelta } from './lib/server-ipc.js';
import { closeSockets, openSockets } from './lib/ws-load.js';

const ENV_KEYS = ['VSRAW_SUBSCRIBERS', 'VSRAW_RATE', 'VSRAW_SECONDS', 'VSRAW_RAMP', 'VSRAW_IDLE_SOCKETS'] as const;
const SUBSCRIBERS = envNumber('VSRAW_SUBSCRIBERS', 1_000);
const RATE = envNumber('VSRAW_RATE', 20);
const SECONDS = envNumber('VSRAW_SECONDS', 10);
const RAMP_SUBSCRIBERS = 200;
const RAMP = (process.env.VSRAW_RAMP ?? '20,50,100,150,200,300').split(',').map(Number);
const IDLE = envNumber('VSRAW_IDLE_SOCKETS', 10_000);
const RAW_SERVER = fileURLToPath(new URL('./raw-ws-server.ts', import.meta.url));

printHeader('fan-out: project server vs raw ws broadcast, same load generator', import.meta.url, ENV_KEYS);
const data = benchDataDir('fanout-vs-raw');
const seedStart = performance.now();
const store = openSqliteStore(data.dbPath);
// sendMessage is idempotent per (author, room, clientId) and the load generator's clientIds repeat
// from run to run: every run gets a sender of its own from the spare members at the end.
const SENDERS = 2 + 2 * RAMP.length;
const seeded = await seedRoomWithMembers(store, { count: Math.max(IDLE, SUBSCRIBERS) + SENDERS, prefix: 'vs' });
await store.close();
const senders = seeded.members.slice(-SENDERS).map((m) => m.token);
const tokens = seeded.members.slice(0, -SENDERS).map((m) => m.token);
console.log(
  `set-up: ${seeded.members.length} STUDENT members of one PUBLIC room seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; ` +
    'each socket its own viewer (raw: tokens ignored)',
);

type Kind = 'raw' | 'project';
const start = (kind: Kind) =>
  startServerProcess({ script: kind === 'raw' ? RAW_SERVER : undefined, env: data.serverEnv });
async function withServer<T>(kind: Kind, run: (server: ServerHandle) => Promise<T>): Promise<T> {
  const server = await start(kind);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}
const fanout = (server: ServerHandle, n: number, rate: number, seconds: number) =>
  runFanout({
    server,
    subscriberTokens: tokens.slice(0, n),
    senderToken: senders.pop()!,
    roomId: seeded.roomGlobalId,
    rate,
    seconds,
    warmupSeconds: 2,
  });

// 1. CPU per delivery and latency at SUBSCRIBERS x RATE.
const main: Record<Kind, Awaited<ReturnType<typeof fanout>>> = {} as never;
for (const kind of ['raw', 'project'] as const) {
  const r = await withServer(kind, (server) => fanout(server, SUBSCRIBERS, RATE, SECONDS));
  main[kind] = r;
  console.log(
    `${kind.padEnd(7)} ${SUBSCRIBERS} subs @ ${RATE}/s: ${r.server.cpuMsPer1000Deliveries.toFixed(1)} ms CPU per 1,000 deliveries; ` +
      `latency ${formatSummary(r.latency)}; ${r.delivered}/${r.expected} delivered, ${r.deliveriesPerSecond.toFixed(0)}/s; ` +
      `GC ${r.server.gc.count} pauses / ${r.server.gc.totalMs.toFixed(0)} ms`,
  );
  console.log(`        ${r.noise}`);
}
const ratio = main.project.server.cpuMsPer1000Deliveries / main.raw.server.cpuMsPer1000Deliveries;
console.log(`CPU per delivery, project / raw: ${ratio.toFixed(2)}x (target <= 2x)`);

// 2. Max sustained deliveries/s at 200 subscribers: ramp until p99 > 100 ms or deliveries fall behind.
const sustained: Record<Kind, number> = { raw: 0, project: 0 };
for (const kind of ['raw', 'project'] as const) {
  await withServer(kind, async (server) => {
    for (const rate of RAMP) {
      const r = await fanout(server, RAMP_SUBSCRIBERS, rate, 5);
      const kept = r.delivered >= r.expected * 0.99 && r.deliveriesPerSecond >= r.offeredPerSecond * 0.95;
      const ok = kept && r.latency.p99 <= 100;
      console.log(
        `${kind.padEnd(7)} ${RAMP_SUBSCRIBERS} subs @ ${rate}/s = ${r.offeredPerSecond} offered: ` +
          `${r.deliveriesPerSecond.toFixed(0)}/s, p99 ${r.latency.p99.toFixed(1)} ms ${ok ? 'ok' : 'BEYOND'}; ${r.noise}`,
      );
      if (!ok) break;
      sustained[kind] = r.offeredPerSecond;
    }
  });
}
console.log(
  `max sustained deliveries/s at ${RAMP_SUBSCRIBERS} subscribers: raw ${sustained.raw}, project ${sustained.project}`,
);

// 3. Memory per idle authenticated socket at IDLE sockets (after GC on both sides).
const idle: Partial<Record<Kind, { reached: number; rss: number; heap: number }>> = {};
for (const kind of ['raw', 'project'] as const) {
  await withServer(kind, async (server) => {
    const before = await server.stats({ gc: true });
    const sockets = await openSockets(server.wsUrl, tokens.slice(0, IDLE));
    await sleep(1000);
    const after = await server.stats({ gc: true });
    const delta = statsDelta(before, after);
    const reached = sockets.filter((s) => s.closed === null).length;
    idle[kind] = { reached, rss: delta.rssBytes / reached, heap: delta.heapUsedBytes / reached };
    console.log(
      `${kind.padEnd(7)} ${reached} idle authenticated sockets: RSS ${kb(delta.rssBytes / reached)}, heap ${kb(delta.heapUsedBytes / reached)} per socket`,
    );
    await closeSockets(sockets);
  });
}

const p = main.project.latency;
reportResult('fanout-vs-raw', [
  `CPU per 1,000 deliveries at ${SUBSCRIBERS} subs @ ${RATE}/s: project ${main.project.server.cpuMsPer1000Deliveries.toFixed(1)} ms, ` +
    `raw ${main.raw.server.cpuMsPer1000Deliveries.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (target <= 2x)`,
  `project delivery latency p50 ${p.p50.toFixed(1)} / p99 ${p.p99.toFixed(1)} ms (target p99 < 50 ms); raw p99 ${main.raw.latency.p99.toFixed(1)} ms`,
  `max sustained deliveries/s at ${RAMP_SUBSCRIBERS} subs: project ${sustained.project}, raw ${sustained.raw}`,
  `idle sockets: project ${idle.project?.reached} at heap ${kb(idle.project?.heap ?? 0)} / RSS ${kb(idle.project?.rss ?? 0)} each; ` +
    `raw ${idle.raw?.reached} at heap ${kb(idle.raw?.heap ?? 0)} / RSS ${kb(idle.raw?.rss ?? 0)} each`,
]);
data.remove();
process.exit(0);
