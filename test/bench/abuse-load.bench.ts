// Load proof of issue 6: 2,000 authenticated sockets in 20 rooms with well-behaved senders,
// measured once quietly and once while one abusive client floods sendMessage and setTyping
// as fast as the server takes them. Target: p99 delivery latency under the flood within 2x
// of the quiet run. The server runs with its default limits (docs/limits.md).
import { execSync, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { globalId } from '../../server/schema/ids.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { socketFrom } from '../utils/from-address.js';
import { UNLIMITED } from '../utils/test-server.js';
import type { AbuserOptions, AbuserReport } from './lib/abuser.js';
import { envNumber, formatSummary, printHeader, reportResult, sleep, summarize } from './lib/report.js';
import { benchDataDir, type SeededMember, seedUser } from './lib/seed.js';
import { type ServerHandle, startServerProcess, statsDelta } from './lib/server-ipc.js';
import { decodeStamp, encodeStamp } from './lib/stamp.js';
import { atRate, operation } from './lib/ws-load.js';

const ENV_KEYS = [
  'ABUSE_SOCKETS',
  'ABUSE_ROOMS',
  'ABUSE_RATE',
  'ABUSE_SECONDS',
  'ABUSE_ROUNDS',
  'ABUSE_MODE',
  'ABUSE_WINDOW',
] as const;
const SOCKETS = envNumber('ABUSE_SOCKETS', 2_000);
const ROOMS = envNumber('ABUSE_ROOMS', 20);
/** Messages a second from each room's sender: well under the 5/s bucket. */
const RATE = envNumber('ABUSE_RATE', 2);
/** Each measured window; quiet and flooded windows alternate ROUNDS times. */
const SECONDS = envNumber('ABUSE_SECONDS', 10);
const ROUNDS = envNumber('ABUSE_ROUNDS', 3);
const WINDOW = envNumber('ABUSE_WINDOW', 200);
const MODE = (process.env.ABUSE_MODE ?? 'ws') as AbuserOptions['mode'];
const ADDED = /* GraphQL */ 'subscription($r: ID!) { messageAdded(roomId: $r) { body } }';
const SEND = /* GraphQL */ 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const FILLER = 'is a line from a well behaved student in class';

printHeader(`abuse: ${SOCKETS} sockets in ${ROOMS} rooms, one flooding client (${MODE})`, import.meta.url, ENV_KEYS);
const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
if (fdLimit < SOCKETS * 2 + 500) {
  console.error(
    `ulimit -n is ${fdLimit}; this bench needs ~${SOCKETS * 2 + 500} (both ends of every socket). Run: ulimit -n 20000`,
  );
  process.exit(1);
}

/** Per phase: the delivery latency of every measured message to every subscriber of its room. */
class Probe {
  phase = '';
  readonly latencies = new Map<string, number[]>();
  synced = 0;
  private readonly seen = new Set<number>();

  receive(index: number, body: string): void {
    const now = performance.now();
    if (!this.seen.has(index)) {
      this.seen.add(index);
      this.synced++;
    }
    const [phase, stamp] = body.split(' ');
    if (phase !== this.phase) return;
    const samples = this.latencies.get(phase) ?? [];
    if (samples.length === 0) this.latencies.set(phase, samples);
    samples.push(now - decodeStamp(stamp));
  }
}

async function seed(dbPath: string) {
  const store = openSqliteStore(dbPath);
  const admin = await seedUser(store, 'abuse-admin', 'ADMIN');
  const rooms: Array<{ id: string; members: SeededMember[]; sender: SeededMember }> = [];
  const perRoom = Math.ceil(SOCKETS / ROOMS);
  let firstRoomId = '';
  for (let r = 0; r < ROOMS; r++) {
    const sender = await seedUser(store, `sender-${r}`);
    const members: SeededMember[] = [];
    for (let i = 0; i < perRoom && r * perRoom + i < SOCKETS; i++) members.push(await seedUser(store, `m-${r}-${i}`));
    const room = await store.createRoom({
      name: `class ${r}`,
      kind: 'PUBLIC',
      encrypted: false,
      allowGuests: false,
      createdBy: admin.id,
      memberIds: [admin.id, sender.id, ...members.map((m) => m.id)],
    });
    rooms.push({ id: globalId('Room', room.id), members, sender });
    firstRoomId ||= room.id;
  }
  const abuser = await seedUser(store, 'abuser');
  await store.addMember(firstRoomId, abuser.id);
  await store.close();
  return { rooms, abuser, abuserRoomId: globalId('Room', firstRoomId) };
}

/** Every room's sender at RATE messages a second (open loop), for `seconds`; returns send failures. */
async function sendPhase(phase: string, seconds: number, senders: Array<{ client: any; roomId: string }>) {
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  await atRate(RATE * senders.length, seconds * 1000, (i) => {
    const sender = senders[i % senders.length];
    const body = `${phase} ${encodeStamp(performance.now())} ${FILLER}`;
    const input = { roomId: sender.roomId, clientId: `${phase}-${i}`, body };
    inFlight.push(
      operation(sender.client, SEND, { i: input }).then(
        ({ result }) => void (result.errors && failures++),
        () => void failures++,
      ),
    );
  });
  await Promise.all(inFlight);
  await sleep(500);
  return failures;
}

function startAbuser(options: AbuserOptions) {
  const child = fork(fileURLToPath(new URL('./lib/abuser.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ABUSER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let flooding: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    flooding = resolve;
  });
  const report = new Promise<AbuserReport>((resolve, reject) => {
    child.on('message', (m: { type?: string; report?: AbuserReport }) => {
      if (m.type === 'abuser-flooding') flooding();
      if (m.type === 'abuser-report') resolve(m.report!);
    });
    child.on('exit', (code) => reject(new Error(`abuser exited with ${code} before reporting`)));
  });
  const stop = () => {
    child.send({ type: 'stop' });
    return report;
  };
  return { started, stop };
}

const data = benchDataDir('abuse');
// Only the bench harness's "no limits" overrides are dropped: the server runs with the defaults.
const serverEnv = Object.fromEntries(Object.entries(data.serverEnv).filter(([key]) => !(key in UNLIMITED)));
let server: ServerHandle | null = null;
try {
  const seedStart = performance.now();
  const { rooms, abuser, abuserRoomId } = await seed(data.dbPath);
  console.log(
    `set-up: ${SOCKETS} distinct STUDENT users seeded through the store (users, sessions, memberships) in ` +
      `${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${ROOMS} PUBLIC rooms of ${Math.ceil(SOCKETS / ROOMS)}; ` +
      `each subscriber socket from one of 250 loopback addresses (8 per address, under the per-address socket cap); ` +
      `one sender per room at ${RATE} messages/s over its own socket; the abuser is a member of room 0, in its own process`,
  );
  server = await startServerProcess({ env: serverEnv });
  const probe = new Probe();
  const connectStart = performance.now();
  const subscribers: Array<{ client: any; dispose: () => Promise<void> }> = [];
  const jobs = rooms.flatMap((room) => room.members.map((member) => ({ room, member })));
  for (let i = 0; i < jobs.length; i += 50) {
    const batch = jobs.slice(i, i + 50);
    const opened = await Promise.all(
      batch.map(({ member }, j) => socketFrom(`127.0.1.${((i + j) % 250) + 1}`, server!.wsUrl, member.token)),
    );
    opened.forEach((socket, j) => {
      if (!('client' in socket)) throw new Error(`subscriber socket refused with ${socket.refusedWith}`);
      const index = i + j;
      socket.client.subscribe(
        { query: ADDED, variables: { r: batch[j].room.id } },
        {
          next: (v: any) => probe.receive(index, v.data?.messageAdded.body ?? ''),
          error: () => {},
          complete: () => {},
        },
      );
      subscribers.push(socket);
    });
  }
  console.log(
    `sockets: ${subscribers.length} authenticated and subscribed in ${((performance.now() - connectStart) / 1000).toFixed(1)} s`,
  );
  const senders = await Promise.all(
    rooms.map(async (room) => {
      const socket = await socketFrom('127.0.3.1', server!.wsUrl, room.sender.token);
      if (!('client' in socket)) throw new Error('sender socket refused');
      return { client: socket.client, roomId: room.id };
    }),
  );
  for (let attempt = 0; probe.synced < subscribers.length; attempt++) {
    if (attempt === 30) throw new Error(`only ${probe.synced} of ${subscribers.length} subscriptions are live`);
    await sendPhase(`sync${attempt}`, 1 / RATE, senders);
  }

  await sendPhase('warm', 3, senders);
  // Quiet and flooded windows alternate, so drift on a shared machine weighs on both alike.
  const kinds = { quiet: { samples: [] as number[], failures: 0, elu: 0, cpuMs: 0, load: 0 } };
  const stats = { ...kinds, flood: { ...kinds.quiet, samples: [] as number[] } };
  const reports: AbuserReport[] = [];
  const measure = async (kind: 'quiet' | 'flood', round: number) => {
    const tag = `${kind}${round}`;
    probe.phase = tag;
    const before = await server!.stats();
    const failures = await sendPhase(tag, SECONDS, senders);
    const delta = statsDelta(before, await server!.stats());
    const k = stats[kind];
    k.samples.push(...(probe.latencies.get(tag) ?? []));
    k.failures += failures;
    k.elu += delta.eventLoopUtilization / ROUNDS;
    k.cpuMs += delta.cpuMs / ROUNDS;
    k.load += os.loadavg()[0] / ROUNDS;
  };
  for (let round = 0; round < ROUNDS; round++) {
    await measure('quiet', round);
    const abuse = startAbuser({
      wsUrl: server.wsUrl,
      url: server.url,
      token: abuser.token,
      roomId: abuserRoomId,
      mode: MODE,
      window: WINDOW,
      connections: 32,
    });
    await abuse.started;
    await sleep(1_000);
    await measure('flood', round);
    reports.push(await abuse.stop());
    // Whatever the abuser left in flight is answered before the next quiet window.
    await sleep(2_000);
  }

  const quiet = summarize(stats.quiet.samples);
  const flooded = summarize(stats.flood.samples);
  const expected = RATE * ROOMS * SECONDS * ROUNDS * Math.ceil(SOCKETS / ROOMS);
  for (const kind of ['quiet', 'flood'] as const) {
    const k = stats[kind];
    console.log(`${kind.padEnd(5)} delivery latency: ${formatSummary(summarize(k.samples))}`);
    console.log(
      `      ${k.samples.length} of ~${expected} deliveries; ${k.failures} well-behaved send failures; server event loop ` +
        `busy ${(k.elu * 100).toFixed(0)}%, ${(k.cpuMs / SECONDS).toFixed(0)} ms CPU/s; machine load average ${k.load.toFixed(2)}`,
    );
  }
  const ratio = flooded.p99 / quiet.p99;
  const attempts = reports.reduce((n, r) => n + r.attempts, 0);
  const accepted = reports.reduce((n, r) => n + r.accepted, 0);
  const seconds = reports.reduce((n, r) => n + r.seconds, 0);
  const refused: Record<string, number> = {};
  for (const r of reports) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
  console.log(
    `abuser (${MODE}): ${attempts} operations in ${seconds.toFixed(1)} s (${(attempts / seconds).toFixed(0)}/s), ` +
      `${accepted} accepted, refused ${JSON.stringify(refused)}`,
  );
  console.log(
    `p99 under flood / quiet p99 = ${flooded.p99.toFixed(1)} / ${quiet.p99.toFixed(1)} ms = ${ratio.toFixed(2)}x ` +
      `(target: within 2x) - ${ratio <= 2 ? 'MEETS' : 'MISSES'} target`,
  );
  reportResult('abuse', [
    `abuse (${SOCKETS} sockets, ${MODE} flood): p99 quiet ${quiet.p99.toFixed(1)} ms, flooded ${flooded.p99.toFixed(1)} ms, ` +
      `${ratio.toFixed(2)}x (target <= 2x)`,
  ]);
  await Promise.all([...subscribers.map((s) => s.dispose()), ...senders.map((s) => s.client.dispose())]);
} finally {
  await server?.stop();
  data.remove();
}
process.exit(0);
