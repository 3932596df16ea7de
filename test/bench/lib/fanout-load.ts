import { sleep, summarize } from './report.js';
import { type ServerHandle, type ServerStats, statsDelta } from './server-ipc.js';
import { decodeStamp, encodeStamp } from './stamp.js';
import { measureWindow } from './window.js';
import { type BenchSocket, closedSockets, closeSockets, openSockets, operation, sendAtRate } from './ws-load.js';

/**
 * The fan-out load generator: N subscriber sockets in one room, one sender at a fixed rate,
 * the send time inside each body. It only speaks graphql-ws and the stats IPC, so it can
 * drive any server process that does (the project's, or a raw `ws` baseline).
 */
export interface FanoutOptions {
  server: ServerHandle;
  subscriberTokens: readonly string[];
  senderToken: string;
  /** The room's global id. */
  roomId: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  subscription?: string;
  send?: string;
}

export const MESSAGE_ADDED = /* GraphQL */ `
  subscription Added($room: ID!) {
    messageAdded(roomId: $room) { id seq body createdAt author { id handle displayName } }
  }
`;

export const SEND_MESSAGE = /* GraphQL */ `
  mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }
`;

const FILLER = 'is the fan-out bench line, about as long as a real chat message in class';

export async function runFanout(options: FanoutOptions) {
  const { server, subscriberTokens } = options;
  const n = subscriberTokens.length;

  // 1. Idle authenticated sockets: memory per connection, after a GC on both sides of it.
  const empty = await server.stats({ gc: true });
  const connectStart = performance.now();
  const sockets = await openSockets(server.wsUrl, subscriberTokens);
  const connectSeconds = (performance.now() - connectStart) / 1000;
  await sleep(500);
  const idle = await server.stats({ gc: true });

  // 2. One messageAdded subscription per socket; a sync message proves they are all live.
  const [sender] = await openSockets(server.wsUrl, [options.senderToken]);
  const probe = new Probe(n);
  const subscriptions = sockets.map((socket) =>
    probe.subscribe(socket, options.subscription ?? MESSAGE_ADDED, { room: options.roomId }),
  );
  const send = (phase: string, i: number) => {
    const sentAt = performance.now();
    const input = {
      roomId: options.roomId,
      clientId: `${phase}-${i}`,
      body: `${phase} ${encodeStamp(sentAt)} ${FILLER}`,
    };
    return operation(sender.client, options.send ?? SEND_MESSAGE, { input });
  };
  for (let attempt = 0; probe.synced < n; attempt++) {
    if (attempt === 30) throw new Error(`only ${probe.synced} of ${n} subscriptions received the sync message`);
    await send('sync', attempt);
    await sleep(1000);
  }
  const subscribed = await server.stats({ gc: true });

  // 3. Warm-up, then the measured window: from the first send until every delivery arrived.
  await sendAtRate(options.rate, options.warmupSeconds, (i) => send('warm', i));
  probe.measuring = true;
  const endWindow = await measureWindow(server);
  const windowStart = performance.now();
  const sends = await sendAtRate(options.rate, options.seconds, (i) => send('m', i));
  const expected = sends.sent * n;
  // An overloaded server keeps delivering its backlog after the last send: wait for it (its CPU
  // is in the window), until nothing more arrives for 5 s.
  while (probe.delivered < expected && performance.now() - Math.max(probe.lastAt, windowStart) < 5_000) await sleep(20);
  const use = await endWindow();
  const closedDuringRun = closedSockets([...sockets, sender], windowStart);

  for (const unsubscribe of subscriptions) unsubscribe();
  const bySend = [...probe.spreads.values()].sort((a, b) => a.sentAt - b.sentAt);
  await closeSockets([...sockets, sender]);
  return {
    subscribers: n,
    connect: { seconds: connectSeconds, perSecond: n / connectSeconds },
    memory: {
      perIdleSocket: perSocket(empty, idle, n),
      perSubscription: perSocket(idle, subscribed, n),
      gc: idle.collected,
    },
    sent: sends.sent,
    sendFailures: sends.failures,
    sendRoundTrip: summarize(sends.roundTrips),
    expected,
    delivered: probe.delivered,
    subscriptionErrors: probe.errors,
    latency: summarize(probe.latencies),
    /** Per message: last subscriber's receive time minus the first's. */
    spread: summarize([...probe.spreads.values()].map((s) => s.last - s.first)),
    /** When the last subscriber got the first and the last measured message: growth means a backlog. */
    trend: {
      first: bySend.length ? bySend[0].last - bySend[0].sentAt : Number.NaN,
      last: bySend.length ? bySend[bySend.length - 1].last - bySend[bySend.length - 1].sentAt : Number.NaN,
    },
    offeredPerSecond: options.rate * n,
    closedDuringRun,
    windowSeconds: use.client.wallMs / 1000,
    /** From the first measured send to the last measured delivery. */
    deliveriesPerSecond: probe.delivered / ((probe.lastAt - windowStart) / 1000),
    server: { ...use.server, cpuMsPer1000Deliveries: (use.server.cpuMs / probe.delivered) * 1000 },
    client: {
      percentOfOneCore: use.client.percentOfOneCore,
      usPerDelivery: (use.client.cpuMs / probe.delivered) * 1000,
    },
    noise: use.noise,
  };
}

export type FanoutResult = Awaited<ReturnType<typeof runFanout>>;

function perSocket(from: ServerStats, to: ServerStats, n: number) {
  const delta = statsDelta(from, to);
  return {
    rssBytes: delta.rssBytes / n,
    heapUsedBytes: delta.heapUsedBytes / n,
    externalBytes: delta.externalBytes / n,
  };
}

/** Receives on every subscriber: counts, and for measured messages records the latency. */
class Probe {
  measuring = false;
  delivered = 0;
  errors = 0;
  readonly latencies: number[] = [];
  lastAt = 0;
  readonly spreads = new Map<string, { sentAt: number; first: number; last: number }>();
  /** Subscribers that received anything yet (the sync barrier). */
  synced = 0;
  private readonly seen: Uint8Array;
  private next = 0;

  constructor(subscribers: number) {
    this.seen = new Uint8Array(subscribers);
  }

  subscribe(socket: BenchSocket, query: string, variables: Record<string, unknown>): () => void {
    const index = this.next++;
    return socket.client.subscribe<{ messageAdded: { body: string } }>(
      { query, variables },
      {
        next: (value) => this.receive(index, value.data?.messageAdded.body ?? ''),
        error: () => void this.errors++,
        complete: () => {},
      },
    );
  }

  private receive(index: number, body: string): void {
    const now = performance.now();
    if (!this.seen[index]) {
      this.seen[index] = 1;
      this.synced++;
    }
    if (!this.measuring || !body.startsWith('m ')) return;
    const stamp = body.slice(2, body.indexOf(' ', 2));
    const sentAt = decodeStamp(stamp);
    this.latencies.push(now - sentAt);
    this.delivered++;
    this.lastAt = now;
    const spread = this.spreads.get(stamp);
    if (spread) spread.last = now;
    else this.spreads.set(stamp, { sentAt, first: now, last: now });
  }
}
