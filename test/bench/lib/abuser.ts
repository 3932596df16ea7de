// The abusive client of abuse-load.bench.ts, in its own process so that its work is not
// counted as the probe's: it floods sendMessage and setTyping as fast as the server takes
// them, over its own WebSocket (a window of operations always in flight) and/or over HTTP
// (keep-alive connections).
// Started with fork(); floods until it receives 'stop', then reports its counts over IPC.
import { socketFrom } from '../../utils/from-address.js';
import { httpClient } from './http-load.js';
import { operation } from './ws-load.js';

export interface AbuserOptions {
  wsUrl: string;
  url: string;
  token: string;
  /** The room's global id (the abuser is a member). */
  roomId: string;
  /** `none`: the process runs and holds a socket but sends nothing (a control for the bench). */
  mode: 'ws' | 'http' | 'both' | 'none';
  /** Operations kept in flight on the socket. */
  window: number;
  /** Parallel keep-alive HTTP connections. */
  connections: number;
}

export interface AbuserReport {
  attempts: number;
  accepted: number;
  refused: Record<string, number>;
  seconds: number;
}

const SEND = /* GraphQL */ 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const TYPING = /* GraphQL */ 'mutation($r: ID!) { setTyping(roomId: $r, typing: true) }';

async function flood(options: AbuserOptions, running: () => boolean): Promise<Omit<AbuserReport, 'seconds'>> {
  const counts: Omit<AbuserReport, 'seconds'> = { attempts: 0, accepted: 0, refused: {} };
  let n = 0;
  const next = () => {
    const i = n++;
    counts.attempts++;
    // Letters only: digits could read as a phone number to the PII guard.
    return i % 2 === 0
      ? { query: SEND, variables: { i: { roomId: options.roomId, clientId: `abuse-${i}`, body: 'spam spam spam' } } }
      : { query: TYPING, variables: { r: options.roomId } };
  };
  const tally = (errors: Array<{ extensions?: { code?: string } }> | undefined) => {
    if (!errors?.length) counts.accepted++;
    else {
      const code = errors[0].extensions?.code ?? 'UNKNOWN';
      counts.refused[code] = (counts.refused[code] ?? 0) + 1;
    }
  };

  const lanes: Promise<void>[] = [];
  const sockets: Array<{ dispose: () => Promise<void> }> = [];
  if (options.mode !== 'http') {
    // ws, both, and none (which opens the socket and stays silent).
    const socket = await socketFrom('127.0.2.1', options.wsUrl, options.token);
    if (!('client' in socket)) throw new Error(`abuser socket refused with ${socket.refusedWith}`);
    sockets.push(socket);
    const lane = async () => {
      while (running()) {
        const { query, variables } = next();
        await operation(socket.client, query, variables).then(
          ({ result }) => tally(result.errors as never),
          (error: Error) => tally(JSON.parse(error.message)),
        );
      }
    };
    const window = options.mode === 'none' ? 0 : options.window;
    for (let i = 0; i < window; i++) lanes.push(lane());
  }
  if (options.mode === 'none') {
    lanes.push(
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (running()) return;
          clearInterval(timer);
          resolve();
        }, 50);
      }),
    );
  }
  if (options.mode === 'http' || options.mode === 'both') {
    // One keep-alive connection per lane, each posting the next request the moment one is answered.
    const clients = Array.from({ length: options.connections }, () => httpClient(options.url, options.token));
    const lane = async (client: ReturnType<typeof httpClient>) => {
      while (running()) {
        const { query, variables } = next();
        await client.post(query, variables).then(
          ({ result }) => tally(result.errors as never),
          () => tally([{ extensions: { code: 'NETWORK' } }]),
        );
      }
      client.close();
    };
    for (const client of clients) lanes.push(lane(client));
  }
  // Set up (process started, modules loaded, socket open): the bench starts measuring now.
  process.send?.({ type: 'abuser-flooding' });
  await Promise.all(lanes);
  await Promise.all(sockets.map((socket) => socket.dispose()));
  return counts;
}

if (process.send) {
  const options = JSON.parse(process.env.ABUSER_OPTIONS ?? '{}') as AbuserOptions;
  let stop = false;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') stop = true;
  });
  const started = performance.now();
  const counts = await flood(options, () => !stop);
  process.send({ type: 'abuser-report', report: { ...counts, seconds: (performance.now() - started) / 1000 } });
  process.disconnect();
  process.exit(0);
}
