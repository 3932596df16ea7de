import type { AddressInfo } from 'node:net';
import { type ExecutionResult, GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { spliceNext } from '../../server/ws/next-frames.js';

// The spliced frames must be byte for byte what graphql-ws sends on its own: two graphql-ws
// servers over one schema, one with the splice in onNext, and the raw frames compared.

const AWKWARD = 'quote " backslash \\ newline \n emoji 😀 nul \u0000 </script>';

// One result object per event, shared by every subscription as the shared executor shares it.
const shared: ExecutionResult[] = [
  { data: { tick: `one ${AWKWARD}` } },
  { data: { tick: null }, errors: [new GraphQLError('went wrong', { extensions: { code: 'INTERNAL' } })] },
  { data: { tick: 'three' }, extensions: { note: AWKWARD } },
];

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: { tick: { type: GraphQLString, subscribe: async function* () {}, resolve: () => null } },
  }),
});

async function* events() {
  for (const result of shared) yield result;
}

const servers: WebSocketServer[] = [];
async function start(splice: boolean): Promise<string> {
  const wss = new WebSocketServer({ port: 0 });
  servers.push(wss);
  await new Promise((resolve) => wss.once('listening', resolve));
  useServer(
    {
      schema,
      subscribe: () => events(),
      onNext: splice ? (ctx, id, _payload, _args, result) => spliceNext(ctx.extra.socket, id, result) : undefined,
    },
    wss,
  );
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

/** Subscribes with each id at once on one socket; resolves with every frame after the ack. */
async function framesFrom(url: string, ids: string[]): Promise<string[]> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const frames: string[] = [];
  let completes = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      const text = String(data);
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        for (const id of ids) {
          socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { tick }' } }));
        }
        return;
      }
      frames.push(text);
      if (message.type === 'complete' && ++completes === ids.length) resolve();
    });
  });
  socket.close();
  return frames;
}

let plainUrl: string;
let splicedUrl: string;
beforeAll(async () => {
  [plainUrl, splicedUrl] = await Promise.all([start(false), start(true)]);
});
afterAll(async () => {
  await Promise.all(servers.map((wss) => new Promise((resolve) => wss.close(resolve))));
});

describe('spliced next frames', () => {
  it('sends the bytes graphql-ws sends, for every subscription of a socket, awkward ids and all', async () => {
    const ids = ['1', 'a"b\\c', '😀', 'x'.repeat(100)];
    const [plain, spliced] = await Promise.all([framesFrom(plainUrl, ids), framesFrom(splicedUrl, ids)]);
    expect(plain).toHaveLength(ids.length * (shared.length + 1));
    const byId = (frames: string[]) =>
      ids.map((id) => frames.filter((frame) => (JSON.parse(frame) as { id: string }).id === id));
    expect(byId(spliced)).toEqual(byId(plain));
    // And they are valid graphql-ws next messages with the whole result.
    const [first] = byId(spliced)[1];
    expect(JSON.parse(first)).toEqual({ id: 'a"b\\c', type: 'next', payload: { data: { tick: `one ${AWKWARD}` } } });
  });

  it('swaps only the frame graphql-ws made of the stand-in, on its own socket', () => {
    const sent: string[] = [];
    const fakeSocket = () => ({ send: (data: string) => void sent.push(data) }) as unknown as WebSocket;
    const [one, two] = [fakeSocket(), fakeSocket()];
    // What graphql-ws does with onNext's answer: serialize the message, then send it at once.
    const emit = (socket: WebSocket, id: string, result: ExecutionResult, open = true) => {
      const frame = JSON.stringify({ id, type: 'next', payload: spliceNext(socket, id, result) });
      if (open) socket.send(frame);
    };
    emit(one, '1', shared[0]);
    // Serialized for a socket that closed meanwhile (graphql-ws then skips the send): the stand-in
    // must not leak into the next frame sent anywhere else.
    emit(one, '1', shared[2], false);
    two.send('{"id":"1","type":"next","payload":{}}');
    one.send('{"id":"1","type":"complete"}');
    emit(two, '1', shared[1]);
    expect(sent).toEqual([
      `{"id":"1","type":"next","payload":${JSON.stringify(shared[0])}}`,
      '{"id":"1","type":"next","payload":{}}',
      '{"id":"1","type":"complete"}',
      `{"id":"1","type":"next","payload":{"data":{"tick":null},"errors":[{"message":"went wrong","extensions":{"code":"INTERNAL"}}]}}`,
    ]);
  });
});
