import { type DocumentNode, type ExecutionArgs, type GraphQLSchema, getOperationAST } from 'graphql';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PubSub } from '../pubsub.js';

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  openSockets(): number;
  activeSubscriptions(): number;
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * One registry per app (tests run several apps in one process), with the default process metrics.
 * Names follow Prometheus conventions: `_total` counters, base units (seconds).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: MetricSources = { openSockets: () => 0, activeSubscriptions: () => 0 };
  const registers = [registry];
  new Gauge({
    name: 'mentor_chat_open_sockets',
    help: 'Open WebSocket connections on this instance.',
    registers,
    collect() {
      this.set(sources.openSockets());
    },
  });
  new Gauge({
    name: 'mentor_chat_active_subscriptions',
    help: 'GraphQL subscriptions running on this instance.',
    registers,
    collect() {
      this.set(sources.activeSubscriptions());
    },
  });
  const messagesSent = new Counter({
    name: 'mentor_chat_messages_sent_total',
    help: 'Messages stored and published by this instance (idempotent replays not counted).',
    registers,
  });
  // Counted per delivery in a plain map and handed to the counter when Prometheus scrapes: a
  // labelled inc() per delivery hashed its labels once per subscriber of every event.
  const unscraped = new Map<string, number>();
  const deliveries = new Counter({
    name: 'mentor_chat_deliveries_total',
    help: 'Subscription events sent on a socket, by subscription field.',
    labelNames: ['subscription'] as const,
    registers,
    collect() {
      for (const [subscription, count] of unscraped) this.inc({ subscription }, count);
      unscraped.clear();
    },
  });
  const deliveryLatency = new Histogram({
    name: 'mentor_chat_delivery_latency_seconds',
    help: 'From a message createdAt to its messageAdded event being sent on a socket (live messages only).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const errors = new Counter({
    name: 'mentor_chat_errors_total',
    help: 'Errors returned to clients, by contract code (HTTP and WebSocket).',
    labelNames: ['code'] as const,
    registers,
  });
  return {
    registry,
    messagesSent,
    deliveries,
    deliveryLatency,
    errors,
    /** One more `subscription` event sent on a socket. */
    countDelivery(subscription: string) {
      unscraped.set(subscription, (unscraped.get(subscription) ?? 0) + 1);
    },
    observe(next: MetricSources) {
      sources = next;
    },
    /** Counts the codes of errors in a result or an error list (already mapped to the contract). */
    countErrors(list: readonly unknown[] | undefined) {
      for (const error of list ?? []) {
        const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
        errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
      }
    },
  };
}

/** Counts each message this instance publishes (publish happens only after a successful first write). */
export function countMessagesSent(pubsub: PubSub, metrics: Metrics): PubSub {
  return {
    publish(topic, id, payload) {
      if (topic === 'room' && (payload as { type?: string }).type === 'message') metrics.messagesSent.inc();
      pubsub.publish(topic, id, payload);
    },
    listen: pubsub.listen,
  };
}

const fieldNames = new WeakMap<DocumentNode, string>();

/** The root field a subscription document selects (alias-independent), cached per parsed document. */
function subscriptionField(args: ExecutionArgs): string {
  let name = fieldNames.get(args.document);
  if (name === undefined) {
    const first = getOperationAST(args.document, args.operationName)?.selectionSet.selections[0];
    name = first?.kind === 'Field' ? first.name.value : 'unknown';
    fieldNames.set(args.document, name);
  }
  return name;
}

// The message behind an event being executed for a subscription context, then behind the result
// of that execution (which every subscriber sharing it receives); and when each subscription
// started: catch-up messages written before it are history, not delivery latency.
const pendingStamp = new WeakMap<object, Date>();
const resultStamp = new WeakMap<object, Date>();
const startedAt = new WeakMap<object, number>();
const instrumented = new WeakSet<GraphQLSchema>();

/**
 * Wraps `Subscription.messageAdded` so the socket-side hook can tell a delivery's message time.
 * Idempotent per schema (the schema is a module singleton shared by every app in a process).
 */
export function instrumentDeliveries(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return;
  instrumented.add(schema);
  const field = schema.getSubscriptionType()?.getFields().messageAdded;
  if (!field?.resolve || !field.subscribe) return;
  const { resolve, subscribe } = field;
  field.subscribe = (source, args, context, info) => {
    if (context && typeof context === 'object') startedAt.set(context, Date.now());
    return subscribe(source, args, context, info);
  };
  field.resolve = (payload, args, context, info) => {
    const createdAt = (payload as { createdAt?: unknown } | null)?.createdAt;
    if (createdAt instanceof Date && context && typeof context === 'object') pendingStamp.set(context, createdAt);
    return resolve(payload, args, context, info);
  };
}

/**
 * An event was executed once on `executedWith` into `result`, which goes to every subscriber that
 * shares it (server/execution/): the message time goes with the result, once per execution.
 */
export function stampSharedResult(executedWith: object, result: object): void {
  const createdAt = pendingStamp.get(executedWith);
  if (!createdAt) return;
  pendingStamp.delete(executedWith);
  resultStamp.set(result, createdAt);
}

/** Called as each subscription result goes out on a socket (graphql-ws onNext). */
export function recordDelivery(metrics: Metrics, args: ExecutionArgs, result: { errors?: readonly unknown[] }): void {
  metrics.countDelivery(subscriptionField(args));
  if (result.errors?.length) metrics.countErrors(result.errors);
  const context = args.contextValue;
  if (!context || typeof context !== 'object') return;
  // A result executed for this subscriber alone (not through the shared executor) keeps its
  // stamp on the context it was executed with.
  let createdAt = resultStamp.get(result);
  if (!createdAt) {
    createdAt = pendingStamp.get(context);
    if (!createdAt) return;
    pendingStamp.delete(context);
  }
  if (createdAt.getTime() >= (startedAt.get(context) ?? Number.POSITIVE_INFINITY)) {
    metrics.deliveryLatency.observe(Math.max(0, Date.now() - createdAt.getTime()) / 1000);
  }
}
