import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashToken } from '../auth/tokens.js';
import type { LimitsConfig } from '../config.js';
import { memoryBucket } from './token-bucket.js';

/**
 * How long a request over the budget waits for its refusal (1-2 s): a flood over N connections
 * gets about N answers a second, and the random part keeps the N from coming back in step
 * (in step, their next requests would land together and hold the event loop in one block).
 */
const TARPIT_MS = 1_000;
const tarpit = () => TARPIT_MS * (1 + Math.random());

/**
 * The cheapest possible refusal of an HTTP flood, before Yoga parses anything: per bearer
 * token (one user cannot spend a whole school's budget), then per client IP (rotating made-up
 * tokens does not help). Per instance, like the socket limits: they protect this process.
 */
export function httpLimits(config: LimitsConfig) {
  const bySession = memoryBucket(config.httpPerSession);
  const byIp = memoryBucket(config.httpPerIp);

  return {
    /**
     * Admits a /graphql request, or answers it: 429 with a contract-shaped body and
     * Retry-After, held back a second so a client that never waits cannot go faster.
     * Resolves with true when the request was answered here.
     */
    async refused(req: IncomingMessage, res: ServerResponse, clientIp: string): Promise<boolean> {
      const authorization = req.headers.authorization;
      let wait = authorization ? await bySession.take(hashToken(authorization)) : 0;
      if (wait === 0) wait = await byIp.take(clientIp);
      if (wait === 0) return false;
      const retryAfter = Math.max(1, Math.ceil(Math.max(wait, TARPIT_MS) / 1000));
      const body = JSON.stringify({
        errors: [{ message: 'Too many requests. Slow down.', extensions: { code: 'RATE_LIMITED', retryAfter } }],
      });
      setTimeout(() => {
        if (res.writableEnded || res.destroyed) return;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(body);
      }, tarpit()).unref();
      return true;
    },
    close() {
      bySession.close();
      byIp.close();
    },
  };
}

export type HttpLimits = ReturnType<typeof httpLimits>;
