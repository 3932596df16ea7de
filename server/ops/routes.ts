import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';

/** How long a dependency may take to answer a readiness probe. */
export const READY_TIMEOUT_MS = 1_000;

type Check = 'ok' | 'failed' | 'timeout' | 'disabled' | 'draining';

async function check(probe: () => Promise<void>, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([probe().then((): Check => 'ok'), timeout]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/readyz`: 200 when the store and Redis (if configured) answer within the timeout, else 503 with
 * the failing checks; 503 while draining, so the load balancer stops sending new clients.
 * `/metrics`: Prometheus text format. Both belong on an internal network only (docs/operations.md).
 */
export function opsRoutes(deps: {
  store: Pick<Store, 'ping'>;
  redis: { ping(): Promise<void> } | null;
  metrics: Metrics;
  draining(): boolean;
  timeoutMs?: number;
}) {
  const timeoutMs = deps.timeoutMs ?? READY_TIMEOUT_MS;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/readyz') {
      const [store, redis] = await Promise.all([
        check(() => deps.store.ping(), timeoutMs),
        deps.redis ? check(() => deps.redis!.ping(), timeoutMs) : Promise.resolve<Check>('disabled'),
      ]);
      const checks: Record<string, Check> = { store, redis };
      if (deps.draining()) checks.server = 'draining';
      const ready = store === 'ok' && (redis === 'ok' || redis === 'disabled') && !deps.draining();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks }));
      return true;
    }
    if (path === '/metrics') {
      const body = await deps.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
      return true;
    }
    return false;
  };
}
