// The floor to compare with: a minimal `ws` broadcast server speaking just enough graphql-ws
// (connection_init/ack, ping/pong, subscribe, complete) that the same load generator and
// clients drive it. A sendMessage builds the message once, serializes it once, and writes the
// pre-serialized frame (with each subscription's id spliced in) to every subscriber. No
// auth, no store, no GraphQL. It answers the bench stats IPC as server-process.ts does (lib/process-stats.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { serveBenchIpc } from './lib/process-stats.js';

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/graphql', handleProtocols: () => 'graphql-transport-ws' });
/** socket -> ids of its live subscriptions */
const subscribers = new Map<WebSocket, Set<string>>();
let seq = 0;

function broadcast(body: string) {
  seq++;
  const message = {
    id: `raw-${seq}`,
    seq,
    body,
    createdAt: new Date().toISOString(),
    author: { id: 'sender', handle: 'sender', displayName: 'Sender' },
  };
  const payload = JSON.stringify({ data: { messageAdded: message } });
  for (const [socket, ids] of subscribers) {
    for (const id of ids) socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
  }
  return message;
}

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: Record<string, any> };
    if (message.type === 'connection_init') return socket.send('{"type":"connection_ack"}');
    if (message.type === 'ping') return socket.send('{"type":"pong"}');
    const id = String(message.id);
    if (message.type === 'complete') return void subscribers.get(socket)?.delete(id);
    if (message.type !== 'subscribe') return;
    if (/^\s*mutation/.test(String(message.payload?.query))) {
      const body = String(message.payload?.variables?.input?.body ?? '');
      const sent = broadcast(body);
      socket.send(
        JSON.stringify({ id, type: 'next', payload: { data: { sendMessage: { id: sent.id, seq: sent.seq } } } }),
      );
      return socket.send(JSON.stringify({ id, type: 'complete' }));
    }
    const ids = subscribers.get(socket) ?? new Set<string>();
    subscribers.set(socket, ids);
    ids.add(id);
  });
  socket.on('close', () => subscribers.delete(socket));
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveBenchIpc({
  stop: () =>
    new Promise<void>((resolve) => {
      for (const socket of wss.clients) socket.terminate();
      server.close(() => resolve());
    }),
}).ready((server.address() as AddressInfo).port);
