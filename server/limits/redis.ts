import { Redis } from 'ioredis';
import { log } from '../log.js';

/**
 * The one Redis connection the limits use, apart from the pub/sub clients so that closing
 * or losing one never blocks the other. A limit check must never wait on an outage: no
 * offline queue and a short command timeout, so a check fails fast and the in-process
 * limiter decides instead.
 */
export function createLimitsRedis(url: string): Redis {
  const client = new Redis(url, {
    connectionName: 'mentor-chat-limits',
    enableOfflineQueue: false,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
  });
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    // ioredis reconnects on its own; one line per 10 s is enough to see an outage.
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    log('warn', 'limits: redis connection error', { error: error.message });
  });
  return client;
}

/** Resolves when the client is ready, or after `timeoutMs` (the limits then start per instance). */
export async function limitsRedisReady(client: Redis, timeoutMs = 5_000): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      log('warn', 'limits: redis not ready; starting with per-instance limits', { timeoutMs });
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}
