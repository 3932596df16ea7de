import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { hashToken } from '../auth/tokens.js';
import type { LimitsConfig } from '../config.js';
import type { AppError } from '../errors.js';
import { type HttpLimits, httpLimits } from './http-limits.js';
import { createLimitsRedis, limitsRedisReady } from './redis.js';
import { rateLimited, type SocketLimits, socketLimits } from './socket-limits.js';
import { memoryBucket, redisBucket, type TokenBucket } from './token-bucket.js';

/** What the resolvers and the socket layer call; every refusal is an AppError with RATE_LIMITED. */
export interface Limits {
  /**
   * Charges one sendMessage to the user's bucket. A (room, clientId) charged before passes
   * free: the retry of a send that was stored (or is being stored) returns the first message
   * and is never refused for rate, while a new message always costs a token.
   */
  message(userId: string, send: { roomId: string | null; clientId: string }): Promise<void>;
  typing(userId: string): Promise<void>;
  /** One sign-in/registration attempt from `ip`: waits when past the free ones, refuses past the max. */
  authAttempt(ip: string): Promise<void>;
  /**
   * Runs a password sign-in for `handle` from `ip`: refused while that pair is past its wrong
   * passwords in the window; a wrong password counts, a right one clears the count.
   */
  signIn<T>(handle: string, ip: string, attempt: () => Promise<T>): Promise<T>;
  /** Per-instance socket limits (sockets per IP, operations and subscriptions per socket). */
  sockets: SocketLimits;
  /** Per-instance HTTP request budgets (per bearer token, per IP), checked before Yoga. */
  http: HttpLimits;
  /** Resolves when the shared backend is ready (at once when there is none). */
  ready(): Promise<void>;
  /** Closes the Redis connection: only after the HTTP and WebSocket servers are closed. */
  close(): Promise<void>;
}

/**
 * Builds every limit: in-process by default, shared through one Redis connection of its own
 * when `redisUrl` is set (the sockets' limits stay per instance, see socket-limits.ts).
 */
export function createLimits(config: LimitsConfig, redisUrl: string | null): Limits {
  const redis: Redis | null = redisUrl ? createLimitsRedis(redisUrl) : null;
  const prefix = config.keyPrefix;
  const onceTtlMs = config.messageRetryGraceSeconds * 1000;
  const bucket = (name: string, rule: LimitsConfig['message'], once?: number): TokenBucket =>
    redis
      ? redisBucket(rule, redis, { prefix: `${prefix}:${name}`, onceTtlMs: once })
      : memoryBucket(rule, { onceTtlMs: once });
  const messages = bucket('message', config.message, onceTtlMs);
  const typing = bucket('typing', config.typing);

  const { auth } = config;
  const window = { keyPrefix: `${prefix}:auth`, points: auth.maxAttempts, duration: auth.windowSeconds };
  const authLimiter = redis
    ? new RateLimiterRedis({
        ...window,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        // Redis down: count per instance rather than refuse every sign-in.
        insuranceLimiter: new RateLimiterMemory(window),
      })
    : new RateLimiterMemory(window);
  // Counted per (handle, address): guessing one student's password from one place stops, while
  // a stranger elsewhere cannot lock that student out by failing on purpose.
  const failures = {
    keyPrefix: `${prefix}:signin-failures`,
    points: config.signInFailures.max,
    duration: config.signInFailures.windowSeconds,
  };
  const failureLimiter = redis
    ? new RateLimiterRedis({
        ...failures,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(failures),
      })
    : new RateLimiterMemory(failures);
  const sockets = socketLimits(config);
  const http = httpLimits(config);

  return {
    async message(userId, send) {
      const wait = await messages.take(userId, `${send.roomId}:${send.clientId}`);
      if (wait > 0) throw rateLimited('You are sending messages too fast.', wait);
    },
    async typing(userId) {
      const wait = await typing.take(userId);
      if (wait > 0) throw rateLimited('Typing updates are coming too fast.', wait);
    },
    async authAttempt(ip) {
      let attempt: RateLimiterRes;
      try {
        attempt = await authLimiter.consume(ip);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw rateLimited('Too many sign-in attempts from this address. Try again later.', refusal.msBeforeNext);
      }
      // Past the free attempts each one waits a little longer: guessing slows to a crawl,
      // while a class signing in together from one school address barely notices.
      const over = attempt.consumedPoints - auth.freeAttempts;
      if (over > 0) await sleep(Math.min(auth.delayStepMs * over, auth.maxDelayMs));
    },
    async signIn(handle, ip, attempt) {
      // Hashed: the handle is caller input of any length, and Redis keys should not hold it.
      const key = hashToken(`${handle.trim().toLowerCase()}\n${ip}`);
      const counted = await failureLimiter.get(key);
      if (counted && counted.consumedPoints >= failures.points) {
        throw rateLimited(
          'Too many wrong passwords for this account from this address. Try again later.',
          counted.msBeforeNext,
        );
      }
      try {
        const result = await attempt();
        await failureLimiter.delete(key);
        return result;
      } catch (error) {
        if ((error as AppError | null)?.extensions?.code === 'UNAUTHENTICATED') await failureLimiter.penalty(key);
        throw error;
      }
    },
    sockets,
    http,
    async ready() {
      if (redis) await limitsRedisReady(redis);
    },
    async close() {
      messages.close();
      typing.close();
      sockets.close();
      http.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
