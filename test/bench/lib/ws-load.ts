import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { connected, type GraphQLResponse } from '../../utils/graphql-client.js';

/** A load-generator socket: how and when it closed is kept for the figures, not logged. */
export interface BenchSocket {
  client: Client;
  closed: { code: number; at: number } | null;
  /** The socket error behind an abnormal close (1006), when there was one. */
  error: string | null;
  dispose(): Promise<void>;
}

export function benchSocket(wsUrl: string, token: string): BenchSocket {
  const socket: BenchSocket = {
    client: undefined as unknown as Client,
    closed: null,
    error: null,
    dispose: async () => socket.client.dispose(),
  };
  socket.client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authToken: token },
    // graphql-ws would console.error every abnormal close; a bench counts them instead.
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        socket.closed ??= { code: (event as { code: number }).code, at: performance.now() };
      },
      error: (error) => {
        socket.error ??= (error as { message?: string }).message ?? String(error);
      },
    },
  });
  return socket;
}

/**
 * Opens one authenticated graphql-ws socket per token, `concurrency` handshakes at a time,
 * and resolves once every socket has its connection_ack.
 */
export async function openSockets(wsUrl: string, tokens: readonly string[], concurrency = 50): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = new Array(tokens.length);
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const index = next++;
      const socket = benchSocket(wsUrl, tokens[index]);
      await connected(socket.client);
      sockets[index] = socket;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
  return sockets;
}

/** `none`, or `3 (1006 x3), the first 12.5 s after <since>`: sockets that closed while still in use. */
export function closedSockets(sockets: readonly BenchSocket[], since: number): string {
  const closed = sockets.filter((socket) => socket.closed !== null).map((socket) => socket.closed!);
  if (closed.length === 0) return 'none';
  const codes = new Map<number, number>();
  for (const { code } of closed) codes.set(code, (codes.get(code) ?? 0) + 1);
  const first = Math.min(...closed.map((c) => c.at));
  const byCode = [...codes].map(([code, count]) => `${code} x${count}`).join(', ');
  const errors = [...new Set(sockets.map((socket) => socket.error).filter(Boolean))];
  const why = errors.length ? `; socket errors: ${errors.join(' | ')}` : '';
  return `${closed.length} (${byCode}), the first ${((first - since) / 1000).toFixed(1)} s into the window${why}`;
}

export async function closeSockets(sockets: readonly BenchSocket[]): Promise<void> {
  await Promise.all(sockets.map((socket) => socket?.dispose()));
}

/**
 * Runs one query or mutation over the socket (graphql-ws `subscribe` with a non-subscription
 * document) and resolves with its result and the round trip measured on this side.
 */
export function operation<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ result: GraphQLResponse<T>; ms: number }> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse<T> | null = null;
    let ms = 0;
    const started = performance.now();
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          ms ||= performance.now() - started;
          result = value as GraphQLResponse<T>;
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => (result ? resolve({ result, ms }) : reject(new Error('operation completed without a result'))),
      },
    );
  });
}

/**
 * Calls `tick(i)` for i = 0, 1, 2… at a fixed rate, open loop: a slow reply never delays the
 * next send (no coordinated omission). Returns how late the timer fired, to show client lag.
 */
export async function atRate(
  ratePerSecond: number,
  durationMs: number,
  tick: (i: number, scheduledAt: number) => void,
) {
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  const total = Math.round((durationMs / 1000) * ratePerSecond);
  const lateness: number[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    // No busy-wait for sub-millisecond precision: spinning would hold back the replies being timed.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lateness.push(performance.now() - due);
    tick(i, due);
  }
  return { sent: total, lateness };
}

/**
 * Sends at a fixed rate (open loop) and waits for every reply: round trips of the successful
 * ones, a count of the failed ones, and how late the send timer fired.
 */
export async function sendAtRate(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<{ ms: number; result: { errors?: unknown[] } }>,
) {
  const roundTrips: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  const { sent, lateness } = await atRate(rate, seconds * 1000, (i) => {
    inFlight.push(
      send(i)
        .then(({ ms, result }) => {
          if (result.errors?.length) failures++;
          else roundTrips.push(ms);
        })
        .catch(() => {
          failures++;
        }),
    );
  });
  await Promise.all(inFlight);
  return { sent, failures, roundTrips, lateness };
}
