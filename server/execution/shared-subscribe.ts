import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  print,
} from 'graphql';
import type { Context } from '../context.js';
import { createLoaders } from './loaders.js';

/** Counters for tests and benches: executions run vs results handed to subscribers. */
export const sharedExecutionStats = { executions: 0, deliveries: 0 };

interface Outcome {
  result: ExecutionResult;
  /** What it was executed with (the delivery-latency metric keys its stamp on it). */
  context: object;
  /** Whether any resolver read `ctx.viewer` while producing it. */
  readViewer: boolean;
  viewerId: string | null;
}

export interface SharedSubscribeOptions {
  /** Called per delivery with the context the result was executed with and the subscriber's own. */
  onShared?: (executedWith: object, subscriber: object) => void;
}

// payload object -> operation key -> outcome. The pub/sub hands every local listener the same
// event object, so subscribers of one event meet here, and entries go when the event is collected.
const outcomes = new WeakMap<object, Map<string, Promise<Outcome>>>();
const documentKeys = new WeakMap<DocumentNode, string>();

function documentKey(document: DocumentNode): string {
  let key = documentKeys.get(document);
  if (key === undefined) {
    key = document.loc?.source.body ?? print(document);
    documentKeys.set(document, key);
  }
  return key;
}

/**
 * A graphql `subscribe` that executes each event once per distinct (document, operation,
 * variables) and shares the result, unless a resolver read the viewer while executing it: then
 * once per viewer. Whether it did is observed, not declared (a getter on the execution's
 * context), so a field added later that reads `ctx.viewer` can never leak one viewer's result
 * to another. The source stream (the root field's `subscribe`, with its per-viewer filtering
 * and authorization) stays per subscriber.
 */
export function createSharedSubscribe(options: SharedSubscribeOptions = {}) {
  return async function sharedSubscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const subscriber = args.contextValue as Context;
    const operationKey = `${documentKey(args.document)}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? null)}`;
    const viewerId = subscriber.viewer?.user.id ?? null;
    return mapAsyncIterator(source, async (payload) => {
      sharedExecutionStats.deliveries++;
      if (typeof payload !== 'object' || payload === null) return (await run(payload, args, subscriber)).result;
      let byOperation = outcomes.get(payload);
      if (!byOperation) {
        byOperation = new Map();
        outcomes.set(payload, byOperation);
      }
      let outcome = await once(byOperation, operationKey, () => run(payload, args, subscriber));
      if (outcome.readViewer && outcome.viewerId !== viewerId) {
        outcome = await once(byOperation, `${operationKey}\0${viewerId}`, () => run(payload, args, subscriber));
      }
      options.onShared?.(outcome.context, subscriber);
      return outcome.result;
    });
  };
}

function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * Executes on a context of its own: fresh loaders (a subscription lives for hours; its users
 * must not be cached that long), and a `viewer` that notes being read.
 */
async function run(payload: unknown, args: ExecutionArgs, subscriber: Context): Promise<Outcome> {
  sharedExecutionStats.executions++;
  let readViewer = false;
  const context: Context = { ...subscriber, loaders: createLoaders(subscriber.services.store) };
  Object.defineProperty(context, 'viewer', {
    enumerable: true,
    get: () => {
      readViewer = true;
      return subscriber.viewer;
    },
  });
  const result = await execute({ ...args, rootValue: payload, contextValue: context });
  return { result, readViewer, viewerId: subscriber.viewer?.user.id ?? null, context };
}

/** Maps a source stream; ending the mapped one (graphql-ws `return()` on complete) ends the source. */
function mapAsyncIterator<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const mapped: AsyncIterableIterator<U> = {
    async next() {
      const step = await iterator.next();
      return step.done ? done : { value: await map(step.value), done: false };
    },
    async return() {
      await iterator.return?.();
      return done;
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
