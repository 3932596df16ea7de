// sendMessage round trip over graphql-ws at a steady rate, from a few signed-in clients.
// Target (issue 2): p99 under 5 ms at 200 messages/s on this 2-core machine, SQLite store.
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { createRoom, joinRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { APPEND_WAL_BYTES, timeDiskSyncs } from './lib/disk-floor.js';
import {
  envNumber,
  formatSummary,
  insideLines,
  printHeader,
  reportResult,
  serverLine,
  sleep,
  summarize,
  verdict,
} from './lib/report.js';
import { benchDataDir, timeAppends } from './lib/seed.js';
import { type ServerHandle, startServerProcess } from './lib/server-ipc.js';
import { measureWindow } from './lib/window.js';
import { type BenchSocket, closedSockets, closeSockets, openSockets, operation, sendAtRate } from './lib/ws-load.js';

const ENV_KEYS = [
  'SEND_RATE',
  'SEND_SECONDS',
  'SEND_WARMUP_SECONDS',
  'SEND_CLIENTS',
  'SEND_BURST',
  'SEND_BURSTS',
] as const;
const RATE = envNumber('SEND_RATE', 200);
const SECONDS = envNumber('SEND_SECONDS', 10);
const WARMUP_SECONDS = envNumber('SEND_WARMUP_SECONDS', 2);
const CLIENTS = envNumber('SEND_CLIENTS', 4);
const TARGET_P99_MS = 5;
// A class answering at once: this many students, each on a socket of their own, send together.
const BURST = envNumber('SEND_BURST', 30);
const BURSTS = envNumber('SEND_BURSTS', 20);

const SEND = /* GraphQL */ `
  mutation Send($input: SendMessageInput!) {
    sendMessage(input: $input) { id seq clientId body createdAt author { id handle displayName } }
  }
`;

// The same sockets, rate and path with no work behind it: what this machine adds to any round trip.
const FLOOR = 'query Floor { __typename }';

/** Set-up through the real API (a handful of registrations is cheap), then one socket per sender. */
async function senders(server: ServerHandle, count: number, name: string) {
  const admin = await signInAdmin(server.url);
  const roomId = await createRoom(server.url, admin.token, { kind: 'PUBLIC', name });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const student = await registerStudent(server.url, `Sender ${i + 1}`);
    await joinRoom(server.url, student.token, roomId);
    tokens.push(student.token);
  }
  return { roomId, sockets: await openSockets(server.wsUrl, tokens) };
}

async function measure(server: ServerHandle, appendFloor: number[], diskFloor: number[]) {
  const { roomId, sockets } = await senders(server, CLIENTS, 'send bench');
  console.log(
    `set-up: PUBLIC room (the PII guard runs on every body), ${CLIENTS} students each on its own socket, ` +
      `${RATE}/s in total (${(RATE / CLIENTS).toFixed(0)}/s each), open loop; warm-up ${WARMUP_SECONDS} s, measured ${SECONDS} s`,
  );
  const run = (seconds: number, phase: string) =>
    sendAtRate(RATE, seconds, (i) =>
      operation(sockets[i % CLIENTS].client, SEND, {
        input: {
          roomId,
          clientId: `${phase}-${i}`,
          body: `Practice question ${phase} ${i}: who can explain the chain rule?`,
        },
      }),
    );

  await run(WARMUP_SECONDS, 'warm');
  const endWindow = await measureWindow(server);
  const windowStart = performance.now();
  const { roundTrips, failures, sent, lateness } = await run(SECONDS, 'run');
  const use = await endWindow();
  const closed = closedSockets(sockets, windowStart);
  const floor = await sendAtRate(RATE, SECONDS, (i) => operation(sockets[i % CLIENTS].client, FLOOR, {}));
  await closeSockets(sockets);
  // A class of BURST students, each on a socket of their own, answering at once.
  const klass = await senders(server, BURST, 'burst bench');
  const burst = await bursts(klass.sockets, klass.roomId);
  await closeSockets(klass.sockets);

  const rt = summarize(roundTrips);
  const late = summarize(lateness);
  console.log(`round trip (client send -> result):  ${formatSummary(rt)}`);
  console.log(
    `p99 ${rt.p99.toFixed(2)} ms: ${verdict(rt.p99, TARGET_P99_MS, 'ms')}; failures ${failures} of ${sent}; sockets closed: ${closed}`,
  );
  console.log(
    `floor ({ __typename } on the same sockets, same rate, after the run):  ${formatSummary(summarize(floor.roundTrips))}`,
  );
  console.log(
    `burst: ${BURSTS} times ${BURST} students sending at once (one socket each), 100 ms apart (group commit shares their fsyncs): ` +
      `each send ${formatSummary(summarize(burst.each))}; the last of each burst p50 ${summarize(burst.last).p50.toFixed(2)} ms`,
  );
  console.log(serverLine(use.server, { count: sent, unit: 'message' }));
  // The commit (one fsync each) inside the server, beside the same commit alone before the run.
  for (const line of insideLines(use.server.timings, ['store.appendMessage'])) console.log(line);
  console.log(
    `store.appendMessage alone (this process, same disk, before the run):  ${formatSummary(summarize(appendFloor), 'µs', 1000)}`,
  );
  console.log(
    `the disk alone, ${(APPEND_WAL_BYTES / 1024).toFixed(0)} KB written + fdatasync (an append's WAL frames, no SQLite):  ` +
      formatSummary(summarize(diskFloor), 'µs', 1000),
  );
  console.log(
    `client overhead: load generator used ${use.client.percentOfOneCore.toFixed(1)}% of one core; ` +
      `send timer lateness p99 ${late.p99.toFixed(2)} ms, max ${late.max.toFixed(2)} ms`,
  );
  console.log(use.noise);
  reportResult('send-roundtrip', [
    `sendMessage over graphql-ws @ ${RATE}/s: p50 ${rt.p50.toFixed(2)} / p95 ${rt.p95.toFixed(2)} / p99 ${rt.p99.toFixed(2)} / ` +
      `max ${rt.max.toFixed(2)} ms (${verdict(rt.p99, TARGET_P99_MS, 'ms')})`,
  ]);
}

/** Round trips of sends that leave together, and the slowest of each burst. */
async function bursts(sockets: BenchSocket[], roomId: string) {
  const each: number[] = [];
  const last: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        operation(sockets[i % sockets.length].client, SEND, {
          input: { roomId, clientId: `burst-${b}-${i}`, body: `Burst ${b}, answer ${i}: the derivative is two x` },
        }),
      ),
    );
    for (const { result, ms } of results) {
      if (result.errors?.length) throw new Error(`burst send failed: ${JSON.stringify(result.errors)}`);
      each.push(ms);
    }
    last.push(performance.now() - started);
    await sleep(100);
  }
  return { each, last };
}

printHeader('sendMessage round trip over graphql-ws', import.meta.url, ENV_KEYS);
const data = benchDataDir('send');
try {
  // The commit under every send, alone: the floor of the round trip on this disk.
  const store = openSqliteStore(data.dbPath);
  const appendFloor = await timeAppends(store, 300);
  await store.close();
  const diskFloor = timeDiskSyncs(data.dir, 300);
  const server = await startServerProcess({ env: data.serverEnv });
  try {
    await measure(server, appendFloor, diskFloor);
  } finally {
    await server.stop();
  }
} finally {
  data.remove();
}
process.exit(0);
