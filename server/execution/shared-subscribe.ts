import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLError,
  print,
} from 'graphql';
import type { Context } from '../context.js';
import { createLoaders } from './loaders.js';
import { releaseRequestCaches } from './request-caches.js';

/** Counters for tests and benches: executions run vs results handed to subscribers. */
export const sharedExecutionStats = { executions: 0, deliveries: 0 };

interface Outcome {
  result: ExecutionResult;
  /** Whether any resolver read `ctx.viewer` while producing it. */
  readViewer: boolean;
  viewerId: string | null;
}

export interface SharedSubscribeOptions {
  /** Called once per execution with the context it ran on and its (masked) result, before any delivery. */
  onExecuted?: (executedWith: object, result: ExecutionResult) => void;
  /** Masks an error for clients; applied once per execution, so every subscriber shares the masked result. */
  maskError?: (error: unknown) => Error;
}

type Pending = Outcome | Promise<Outcome>;
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
 *
 * Every subscriber after the first of an event finds the outcome settled and gets it without
 * waiting a tick: the map is synchronous wherever it can be, since it runs once per subscriber.
 */
export function createSharedSubscribe(options: SharedSubscribeOptions = {}) {
  // payload object -> operation key -> outcome (its promise until it settles). The pub/sub hands
  // every local listener the same event object, so subscribers of one event meet here, and
  // entries go when the event is collected. One map per executor (per app and schema).
  const outcomes = new WeakMap<object, Map<string, Pending>>();
  const maskError = options.maskError ?? ((error: unknown) => error as Error);
  const mask = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((error) => maskError(error) as GraphQLError) } : result;
  // A stream that fails ends with the error masked; an abort passes as it is (Yoga does the same).
  const fail = (error: unknown): never => {
    throw isAbort(error) ? error : maskError(error);
  };
  const executeShared = async (payload: unknown, args: ExecutionArgs, subscriber: Context) => {
    const outcome = await run(payload, args, subscriber, mask);
    options.onExecuted?.(outcome.context, outcome.result);
    return outcome;
  };
  return async function sharedSubscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return mask(source as ExecutionResult);
    const subscriber = args.contextValue as Context;
    const operationKey = `${documentKey(args.document)}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? null)}`;
    const viewerId = subscriber.viewer?.user.id ?? null;
    const viewerKey = `${operationKey}\0${viewerId}`;
    const ownOutcome = (outcome: Outcome, byOperation: Map<string, Pending>, payload: object): Pending =>
      outcome.readViewer && outcome.viewerId !== viewerId
        ? once(byOperation, viewerKey, () => executeShared(payload, args, subscriber))
        : outcome;
    return mapAsyncIterator(source, fail, (payload): ExecutionResult | Promise<ExecutionResult> => {
      sharedExecutionStats.deliveries++;
      if (typeof payload !== 'object' || payload === null) {
        return executeShared(payload, args, subscriber).then((outcome) => outcome.result);
      }
      let byOperation = outcomes.get(payload);
      if (!byOperation) {
        byOperation = new Map();
        outcomes.set(payload, byOperation);
      }
      const shared = once(byOperation, operationKey, () => executeShared(payload, args, subscriber));
      const own =
        shared instanceof Promise
          ? shared.then((o) => ownOutcome(o, byOperation, payload))
          : ownOutcome(shared, byOperation, payload);
      return own instanceof Promise ? own.then((o) => o.result) : own.result;
    });
  };
}

/** The cached outcome for `key`, made once; replaced by its value once it settles. */
function once(cache: Map<string, Pending>, key: string, make: () => Promise<Outcome>): Pending {
  let value = cache.get(key);
  if (value === undefined) {
    const made = make();
    value = made;
    cache.set(key, made);
    made.then(
      (outcome) => cache.set(key, outcome),
      () => {},
    );
  }
  return value;
}

/**
 * Executes on a context of its own: fresh loaders (a subscription lives for hours; its users
 * must not be cached that long), and a `viewer` that notes being read.
 */
async function run(
  payload: unknown,
  args: ExecutionArgs,
  subscriber: Context,
  mask: (result: ExecutionResult) => ExecutionResult,
): Promise<Outcome & { context: Context }> {
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
  const result = mask(await execute({ ...args, rootValue: payload, contextValue: context }));
  releaseRequestCaches(context);
  return { result, readViewer, viewerId: subscriber.viewer?.user.id ?? null, context };
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Maps a source stream; ending the mapped one (graphql-ws `return()` on complete) ends the source.
 * `map` may answer synchronously, and then no extra tick is spent on the value. A failure of the
 * source or of `map` goes through `fail`.
 */
function mapAsyncIterator<T, U>(
  source: AsyncIterable<T>,
  fail: (error: unknown) => never,
  map: (value: T) => U | Promise<U>,
): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const step = (next: IteratorResult<T>): IteratorResult<U> | Promise<IteratorResult<U>> => {
    if (next.done) return done;
    let value: U | Promise<U>;
    try {
      value = map(next.value);
    } catch (error) {
      return fail(error);
    }
    return value instanceof Promise ? value.then((v) => ({ value: v, done: false }), fail) : { value, done: false };
  };
  const mapped: AsyncIterableIterator<U> = {
    next: () => iterator.next().then(step, fail),
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
