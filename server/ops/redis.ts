import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { log } from '../log.js';
import { eventSerializer, type PubSub, sharedPubSub } from '../pubsub.js';

/** The Redis side of one instance: pub/sub across instances, plus a command connection. */
export interface RedisLink {
  pubsub: PubSub;
  /** For presence keys and readiness; auto-pipelined, so a burst of reads costs one round trip. */
  commands: Redis;
  /** Prepended to every key and channel, so deployments (or test runs) sharing a Redis never meet. */
  prefix: string;
  /** Resolves once both connections are ready and the event channel is subscribed. */
  ready(timeoutMs?: number): Promise<void>;
  ping(): Promise<void>;
  /** Only after the HTTP and WebSocket servers are closed (a pending command then fails loudly). */
  quit(): Promise<void>;
}

export function connectRedis(url: string, prefix: string): RedisLink {
  // A command fails after a few reconnect attempts instead of waiting forever: readiness says "no".
  const options = { maxRetriesPerRequest: 3, connectionName: 'mentor-chat' };
  const commands = new Redis(url, { ...options, enableAutoPipelining: true });
  const subscriber = new Redis(url, options);
  for (const [name, client] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    let lastLogged = 0;
    client.on('error', (error: Error) => {
      // ioredis retries on its own; one line per connection per 10 s is enough to see an outage.
      if (Date.now() - lastLogged < 10_000) return;
      lastLogged = Date.now();
      log('warn', 'redis connection error', { connection: name, error: error.message });
    });
  }
  const channel = `${prefix}events`;
  // The event target fires PUBLISH and drops the promise: a failure (Redis unreachable past the
  // retries, or closing) would be an unhandled rejection, which ends the process.
  let lastDropLogged = 0;
  const publisher = {
    publish: (name: string, message: string) =>
      commands.publish(name, message).catch((error: Error) => {
        if (Date.now() - lastDropLogged >= 10_000) {
          lastDropLogged = Date.now();
          log('warn', 'redis: an event could not be published', { error: error.message });
        }
        return 0;
      }),
  };
  const target = createRedisEventTarget({
    publishClient: publisher as unknown as Redis,
    subscribeClient: subscriber,
    serializer: eventSerializer,
  });
  const pubsub = sharedPubSub(target as unknown as EventTarget, channel);

  const whenReady = (client: Redis) =>
    client.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => client.once('ready', () => resolve()));

  return {
    pubsub,
    commands,
    prefix,
    async ready(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis was not ready within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([
          (async () => {
            await Promise.all([whenReady(commands), whenReady(subscriber)]);
            // The event target sent SUBSCRIBE without waiting; the same command again is a barrier.
            await subscriber.subscribe(channel);
          })(),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async ping() {
      await commands.ping();
    },
    async quit() {
      // QUIT skips the auto-pipeline queue: a PING through it first lets queued commands go out.
      await commands.ping().catch(() => {});
      await Promise.allSettled([subscriber.quit(), commands.quit()]);
    },
  };
}
