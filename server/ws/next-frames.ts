import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';

/**
 * graphql-ws serializes every `next` message whole, once per socket, although the shared executor
 * (server/execution/) hands one result object to every subscriber of an event. Here a result's
 * payload is serialized once, and each socket's frame is that string spliced into
 * `{"id":<id>,"type":"next","payload":<payload>}`: the bytes graphql-ws would have sent.
 *
 * graphql-ws cannot take a serialized payload, so the hand-over uses its two extension points.
 * `onNext` returns a stand-in payload (this subscription's `Splice`), which graphql-ws validates
 * and serializes, and which serializes as `{}` while noting itself as the frame being made; the
 * socket's `send`, which graphql-ws calls right after (synchronously), swaps the frame for the
 * spliced one when it is exactly the stand-in's frame on the stand-in's socket. Any other frame
 * passes through untouched.
 */
class Splice {
  /** The frame to send instead of `standIn`: set per delivery. */
  frame = '';
  /** What graphql-ws makes of this stand-in: `{"id":<id>,"type":"next","payload":{}}`. */
  readonly standIn: string;
  readonly head: string;

  constructor(
    readonly socket: WebSocket,
    id: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    this.standIn = `${this.head}{}}`;
  }

  toJSON(): Record<string, never> {
    serializing = this;
    return EMPTY;
  }
}

const EMPTY: Record<string, never> = Object.freeze({});
/** The stand-in graphql-ws serialized last: its send comes next, in the same synchronous run. */
let serializing: Splice | null = null;
// result -> its payload as JSON, made once; entries go with the result.
const payloads = new WeakMap<object, string>();
// socket -> subscription id -> its stand-in, made once per subscription.
const splices = new WeakMap<WebSocket, Map<string, Splice>>();

/** The payload of a `next` message as graphql-ws builds it (errors last, as `toJSON()`), serialized. */
function payloadJson(result: ExecutionResult): string {
  let json = payloads.get(result);
  if (json === undefined) {
    const { errors, ...rest } = result;
    json = JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
    payloads.set(result, json);
  }
  return json;
}

/**
 * For graphql-ws `onNext`: the replacement payload that makes `socket` send `result` from its
 * cached serialization.
 */
export function spliceNext(socket: WebSocket, id: string, result: ExecutionResult): object {
  let byId = splices.get(socket);
  if (!byId) {
    byId = new Map();
    splices.set(socket, byId);
    swapOnSend(socket);
  }
  let splice = byId.get(id);
  if (!splice) {
    // Ids of finished operations go too, now and then: a socket may run many short ones.
    if (byId.size >= 64) byId.clear();
    splice = new Splice(socket, id);
    byId.set(id, splice);
  }
  splice.frame = `${splice.head}${payloadJson(result)}}`;
  return splice;
}

function swapOnSend(socket: WebSocket): void {
  const send = socket.send as (data: unknown, options?: unknown, cb?: unknown) => void;
  socket.send = function sendSpliced(this: WebSocket, data: unknown, options?: unknown, cb?: unknown) {
    const splice = serializing;
    if (splice !== null) {
      serializing = null;
      if (splice.socket === this && data === splice.standIn && splice.frame !== '') {
        data = splice.frame;
        splice.frame = '';
      }
    }
    send.call(this, data, options, cb);
  } as WebSocket['send'];
}
