// Fan-out: 1,000 subscribers in one room, a sender at 20 messages/s. Issue 2 makes these
// figures measurable; a later issue sets targets (p99 < 50 ms, CPU per delivery vs raw ws).
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { runFanout } from './lib/fanout-load.js';
import { envNumber, formatSummary, kb, printHeader, reportResult, serverLine } from './lib/report.js';
import { benchDataDir, seedRoomWithMembers } from './lib/seed.js';
import { startServerProcess } from './lib/server-ipc.js';

const ENV_KEYS = ['FANOUT_SUBSCRIBERS', 'FANOUT_RATE', 'FANOUT_SECONDS', 'FANOUT_WARMUP_SECONDS'] as const;
const SUBSCRIBERS = envNumber('FANOUT_SUBSCRIBERS', 1_000);
const RATE = envNumber('FANOUT_RATE', 20);
const SECONDS = envNumber('FANOUT_SECONDS', 15);
const WARMUP_SECONDS = envNumber('FANOUT_WARMUP_SECONDS', 3);

printHeader(`fan-out: ${SUBSCRIBERS} subscribers in one room at ${RATE} messages/s`, import.meta.url, ENV_KEYS);
const data = benchDataDir('fanout');
try {
  const seedStart = performance.now();
  const store = openSqliteStore(data.dbPath);
  const { roomGlobalId, members } = await seedRoomWithMembers(store, { count: SUBSCRIBERS + 1, prefix: 'fan' });
  await store.close();
  const sender = members.pop()!;
  console.log(
    `set-up: ${SUBSCRIBERS} distinct STUDENT users, one socket each, all members of one PUBLIC room, ` +
      `seeded through the store in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (users, sessions and memberships as ` +
      'register/joinRoom write them, without argon2), so every socket is a different viewer authenticated by its own ' +
      'token at connection_init; a separate sender (not subscribed) sends over graphql-ws; ' +
      `warm-up ${WARMUP_SECONDS} s, measured ${SECONDS} s`,
  );

  const server = await startServerProcess({ env: data.serverEnv });
  try {
    const r = await runFanout({
      server,
      subscriberTokens: members.map((m) => m.token),
      senderToken: sender.token,
      roomId: roomGlobalId,
      rate: RATE,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
    });
    const idle = r.memory.perIdleSocket;
    const sub = r.memory.perSubscription;
    const lat = r.latency;
    console.log(
      `sockets: ${r.subscribers} authenticated in ${r.connect.seconds.toFixed(1)} s (${r.connect.perSecond.toFixed(0)}/s)`,
    );
    console.log(
      `memory per idle authenticated socket (server, after GC${r.memory.gc ? '' : ' — NOT available'}): ` +
        `RSS ${kb(idle.rssBytes)}, heap ${kb(idle.heapUsedBytes)}, external ${kb(idle.externalBytes)}`,
    );
    console.log(
      '  (RSS moves by whole pages and can even shrink after a GC: at 1,000 sockets heap is the steadier figure; ' +
        'raise FANOUT_SUBSCRIBERS for a finer RSS one)',
    );
    console.log(`memory per messageAdded subscription on top: RSS ${kb(sub.rssBytes)}, heap ${kb(sub.heapUsedBytes)}`);
    console.log(`delivery latency (send -> subscriber receives):  ${formatSummary(lat)}`);
    console.log(`spread per message (first to last of ${r.subscribers} subscribers):  ${formatSummary(r.spread)}`);
    console.log(
      `deliveries: ${r.delivered} of ${r.expected} expected (${r.sent} sent, ${r.sendFailures} send failures, ` +
        `${r.subscriptionErrors} subscription errors; sockets closed during the run: ${r.closedDuringRun}); ` +
        `${r.deliveriesPerSecond.toFixed(0)} deliveries/s from the first measured send to the last delivery`,
    );
    const sustained = r.deliveriesPerSecond;
    if (sustained < r.offeredPerSecond * 0.95) {
      console.log(
        `OVERLOADED: ${r.offeredPerSecond} deliveries/s offered, the server kept up with ~${sustained.toFixed(0)}/s; ` +
          `the backlog grew during the run (last subscriber got the first measured message after ${r.trend.first.toFixed(0)} ms, ` +
          `the last one after ${r.trend.last.toFixed(0)} ms), so the latency percentiles above grow with FANOUT_SECONDS`,
      );
    } else {
      console.log(
        `kept up: latency to the last subscriber, first vs last measured message: ${r.trend.first.toFixed(1)} / ${r.trend.last.toFixed(1)} ms`,
      );
    }
    console.log(
      `server CPU per 1,000 deliveries: ${r.server.cpuMsPer1000Deliveries.toFixed(1)} ms (${r.server.cpuMs.toFixed(0)} ms in ${r.windowSeconds.toFixed(1)} s)`,
    );
    console.log(serverLine(r.server, { count: r.delivered, unit: 'delivery' }));
    console.log(`sender: sendMessage round trip while fanning out:  ${formatSummary(r.sendRoundTrip)}`);
    console.log(
      `client overhead: the load generator (all ${r.subscribers} sockets, one process) used ` +
        `${r.client.percentOfOneCore.toFixed(0)}% of one core, ${r.client.usPerDelivery.toFixed(1)} µs per delivery; ` +
        'its receive lag is inside the latency figures',
    );
    console.log(r.noise);
    reportResult('fanout', [
      `fan-out ${r.subscribers} subs @ ${RATE}/s: latency p50 ${lat.p50.toFixed(1)} / p99 ${lat.p99.toFixed(1)} / max ${lat.max.toFixed(1)} ms; ` +
        `${r.deliveriesPerSecond.toFixed(0)} deliveries/s; ${r.server.cpuMsPer1000Deliveries.toFixed(1)} ms server CPU per 1,000 deliveries`,
      `memory per idle authenticated socket: RSS ${kb(idle.rssBytes)}, heap ${kb(idle.heapUsedBytes)}`,
    ]);
  } finally {
    await server.stop();
  }
} finally {
  data.remove();
}
process.exit(0);
