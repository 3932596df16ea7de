// A history page of 50 messages from random positions in a room holding 1,000,000.
// Target (issue 2): p99 under 5 ms over HTTP on this 2-core machine, SQLite store.
import { seqCursor } from '../../server/schema/ids.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { bulkInsertMessages } from './lib/bulk-history.js';
import { httpClient } from './lib/http-load.js';
import {
  envNumber,
  formatSummary,
  insideLines,
  printHeader,
  reportResult,
  serverLine,
  summarize,
  verdict,
} from './lib/report.js';
import { benchDataDir, seedRoomWithMembers, timeAppends } from './lib/seed.js';
import { startServerProcess } from './lib/server-ipc.js';
import { measureWindow } from './lib/window.js';
import { sendAtRate } from './lib/ws-load.js';

const ENV_KEYS = [
  'HISTORY_MESSAGES',
  'HISTORY_REQUESTS',
  'HISTORY_WARMUP',
  'HISTORY_RATE',
  'HISTORY_RATE_SECONDS',
] as const;
const MESSAGES = envNumber('HISTORY_MESSAGES', 1_000_000);
const REQUESTS = envNumber('HISTORY_REQUESTS', 2_000);
const WARMUP = envNumber('HISTORY_WARMUP', 200);
// Many readers at once, as a school scrolling back: the send bench's rate, on connections of their own.
const PACED_RATE = envNumber('HISTORY_RATE', 200);
const PACED_SECONDS = envNumber('HISTORY_RATE_SECONDS', 10);
const PACED_CONNECTIONS = 4;
const FLOOR_REQUESTS = 500;
const APPEND_SAMPLE = 300;
const PAGE = 50;
const TARGET_P99_MS = 5;

const PAGE_QUERY = /* GraphQL */ `
  query Page($room: ID!, $before: String) {
    room(id: $room) { messages(last: ${PAGE}, before: $before) { edges { node { id seq body author { handle } } } } }
  }
`;

/** A `before` seq that leaves a full page below it. */
const randomBefore = () => PAGE + 1 + Math.floor(Math.random() * (MESSAGES - PAGE));

printHeader(
  `history page of ${PAGE} in a room of ${MESSAGES.toLocaleString('en')} messages`,
  import.meta.url,
  ENV_KEYS,
);
const data = benchDataDir('history');
try {
  // 1. Seed: users, room and membership through the store; the messages in bulk.
  let store = openSqliteStore(data.dbPath);
  const { room, roomGlobalId, creator, members } = await seedRoomWithMembers(store, { count: 8, prefix: 'hist' });
  const reader = members[0];

  // What seeding through appendMessage would cost, measured on a room of its own.
  const appends = summarize(await timeAppends(store, APPEND_SAMPLE));
  await store.close();

  const seedStart = performance.now();
  bulkInsertMessages(data.dbPath, {
    roomId: room.id,
    authorIds: [creator.id, ...members.map((m) => m.id)],
    count: MESSAGES,
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(
    `seed: ${MESSAGES.toLocaleString('en')} messages in ${seedSeconds.toFixed(1)} s by bulk insert (better-sqlite3, 100k rows per transaction); ` +
      `store.appendMessage takes ${(appends.mean * 1000).toFixed(0)} µs on average (one synchronous commit each), ` +
      `so a loop would take ~${((appends.mean * MESSAGES) / 1000).toFixed(0)} s`,
  );

  // 2. The store alone, in this process: what the resolver asks for (limit + 1, newest first).
  store = openSqliteStore(data.dbPath);
  const raw: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const started = performance.now();
    const rows = await store.listMessages(room.id, { beforeSeq: randomBefore(), limit: PAGE + 1, from: 'newest' });
    if (i >= WARMUP) raw.push(performance.now() - started);
    if (rows.length !== PAGE + 1) throw new Error(`store returned ${rows.length} rows`);
  }
  await store.close();
  const rawSummary = summarize(raw);
  console.log(`store.listMessages(limit ${PAGE + 1}, random before):  ${formatSummary(rawSummary, 'µs', 1000)}`);

  // 3. The real API over HTTP: one client back to back, then many readers at a steady rate.
  const server = await startServerProcess({ env: data.serverEnv });
  const client = httpClient(server.url, reader.token);
  const readers = Array.from({ length: PACED_CONNECTIONS }, () => httpClient(server.url, reader.token));
  try {
    const page = async (via = client) => {
      const { result, ms } = await via.post(PAGE_QUERY, { room: roomGlobalId, before: seqCursor(randomBefore()) });
      const edges = result.data?.room?.messages?.edges;
      if (result.errors?.length || edges?.length !== PAGE)
        throw new Error(`bad page: ${JSON.stringify(result).slice(0, 300)}`);
      return { ms, result };
    };
    for (let i = 0; i < WARMUP; i++) await page();

    const endWindow = await measureWindow(server);
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push((await page()).ms);
    const use = await endWindow();

    // Open loop: a slow answer never delays the next request (no coordinated omission).
    const endPaced = await measureWindow(server);
    const paced = await sendAtRate(PACED_RATE, PACED_SECONDS, (i) => page(readers[i % PACED_CONNECTIONS]));
    const pacedUse = await endPaced();

    // Measured warm, after the pages: what any request costs on this connection and machine.
    const floor: number[] = [];
    for (let i = 0; i < FLOOR_REQUESTS; i++) floor.push((await client.post('{ __typename }', {})).ms);

    const http = summarize(samples);
    const steady = summarize(paced.roundTrips);
    console.log(
      `HTTP round trip, room.messages(last: ${PAGE}, before: random), one client back to back:  ${formatSummary(http)}`,
    );
    console.log(`p99 ${http.p99.toFixed(2)} ms: ${verdict(http.p99, TARGET_P99_MS, 'ms')}`);
    console.log(serverLine(use.server, { count: REQUESTS, unit: 'page' }));
    // From the request's arrival to its response written: what is left of the round trip is the machine's.
    for (const line of insideLines(use.server.timings, ['HTTP request', 'store.listMessages'])) console.log(line);
    console.log(`client overhead: the load generator used ${use.client.percentOfOneCore.toFixed(1)}% of one core`);
    console.log(use.noise);
    console.log(
      `HTTP round trip at ${PACED_RATE} pages/s, open loop over ${PACED_CONNECTIONS} connections, ${PACED_SECONDS} s:  ${formatSummary(steady)}`,
    );
    console.log(
      `p99 ${steady.p99.toFixed(2)} ms: ${verdict(steady.p99, TARGET_P99_MS, 'ms')}; failures ${paced.failures}`,
    );
    console.log(serverLine(pacedUse.server, { count: paced.sent, unit: 'page' }));
    for (const line of insideLines(pacedUse.server.timings, ['HTTP request'])) console.log(line);
    console.log(pacedUse.noise);
    console.log(
      `floor, HTTP round trip of { __typename } on the same connection, warm:  ${formatSummary(summarize(floor))}`,
    );
    reportResult('history-page', [
      `history page of ${PAGE} in ${MESSAGES.toLocaleString('en')}: back to back p50 ${http.p50.toFixed(2)} / p99 ${http.p99.toFixed(2)} ms ` +
        `(${verdict(http.p99, TARGET_P99_MS, 'ms')}); at ${PACED_RATE}/s p50 ${steady.p50.toFixed(2)} / p99 ${steady.p99.toFixed(2)} ms ` +
        `(${verdict(steady.p99, TARGET_P99_MS, 'ms')}); store.listMessages p99 ${(rawSummary.p99 * 1000).toFixed(0)} µs; seeding ${seedSeconds.toFixed(1)} s`,
    ]);
  } finally {
    client.close();
    for (const r of readers) r.close();
    await server.stop();
  }
} finally {
  data.remove();
}
process.exit(0);
