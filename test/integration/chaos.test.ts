/**
 * Chaos on the wire: a TCP proxy cuts client connections at random byte offsets, in the
 * middle of sends and of a subscription. Senders retry with the same clientId until
 * acknowledged; the subscriber reconnects with `after`. Nothing is lost, nothing is
 * stored or delivered twice.
 */
import net from 'node:net';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seqCursor } from '../../server/schema/ids.js';
import { createRoom, joinRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { must } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let proxy: net.Server;
let proxyPort: number;
let cuts = 0;

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = rng(20261125);

beforeAll(async () => {
  server = await startTestServer({ MESSAGE_RATE_PER_SECOND: '1000', MESSAGE_BURST: '1000' });
  proxy = net.createServer((client) => {
    const upstream = net.connect(server.port, '127.0.0.1');
    // Each connection dies after a random number of bytes in either direction (most within a few frames).
    let budget = 200 + Math.floor(random() * 4000);
    const cut = () => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        budget -= chunk.length;
        if (budget <= 0) return cut();
        to.write(chunk);
      });
    pipe(client, upstream);
    pipe(upstream, client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as net.AddressInfo).port;
});
afterAll(async () => {
  proxy.close();
  await server.stop();
});

function flakyClient(token: string): Client {
  return createClient({
    url: `ws://127.0.0.1:${proxyPort}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: token },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: () => new Promise((r) => setTimeout(r, 10)),
  });
}

/** Sends over the flaky socket until acknowledged; a cut mid-send is retried with the same clientId. */
async function sendUntilAcked(client: Client, input: Record<string, unknown>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: any;
        client.subscribe(
          { query: 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }', variables: { i: input } },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      if (result?.data?.sendMessage) return result.data.sendMessage.seq;
    } catch {
      // cut: try again
    }
  }
  throw new Error('never acknowledged');
}

describe('sockets cut at random points', () => {
  it('loses nothing and never duplicates, for senders and a resuming subscriber', async () => {
    const admin = await signInAdmin(server.url);
    const room = await createRoom(server.url, admin.token, { kind: 'PUBLIC' });
    const senders = await Promise.all([1, 2, 3].map((i) => registerStudent(server.url, `Chaos ${i}`)));
    for (const s of senders) await joinRoom(server.url, s.token, room);
    const PER_SENDER = 40;
    const TOTAL = PER_SENDER * senders.length;

    // The subscriber resumes after the last message it saw each time its socket is cut.
    const delivered: number[] = [];
    // Start from the beginning of the room: the cursor of seq 0.
    let lastId: string | null = seqCursor(0);
    let stop = false;
    let reader: Client | null = null;
    const reading = (async () => {
      while (!stop && delivered.length < TOTAL) {
        // A fresh connection per attempt: graphql-ws would otherwise resubscribe with the old variables.
        await reader?.dispose();
        reader = createClient({
          url: `ws://127.0.0.1:${proxyPort}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authToken: admin.token },
          retryAttempts: 0,
        });
        const current = reader;
        await new Promise<void>((resolve) => {
          const dispose = current.subscribe(
            {
              query: 'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { id seq } }',
              variables: { r: room, a: lastId },
            },
            {
              next: ({ data }: any) => {
                delivered.push(data.messageAdded.seq);
                lastId = data.messageAdded.id;
                if (delivered.length >= TOTAL) {
                  dispose();
                  resolve();
                }
              },
              error: () => resolve(),
              complete: () => resolve(),
            },
          );
        });
      }
    })();

    const acked = await Promise.all(
      senders.map(async (sender, n) => {
        const client = flakyClient(sender.token);
        const seqs: number[] = [];
        for (let i = 0; i < PER_SENDER; i++) {
          seqs.push(
            await sendUntilAcked(client, { roomId: room, clientId: `chaos-${n}-${i}`, body: `chaos ${n} ${i}` }),
          );
        }
        await client.dispose();
        return seqs;
      }),
    );
    const deadline = Date.now() + 30_000;
    while (delivered.length < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await (reader as Client | null)?.dispose();
    await reading.catch(() => {});

    expect(cuts).toBeGreaterThan(10);
    const ackedSeqs = acked.flat().sort((a, b) => a - b);
    expect(ackedSeqs).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    const stored: any = await must(
      server.url,
      'query($r: ID!) { room(id: $r) { messages(last: 100) { edges { node { seq } } } lastMessage { seq } } }',
      { r: room },
      admin.token,
    );
    expect(stored.room.lastMessage.seq).toBe(TOTAL);
    expect(delivered.join(',')).toBe(Array.from({ length: TOTAL }, (_, i) => i + 1).join(','));
  }, 90_000);
});
