import type { Redis } from 'ioredis';
import type { BucketRule } from '../config.js';
import { log } from '../log.js';

/**
 * A token bucket as GCRA (the generic cell rate algorithm, as in redis-cell and throttled):
 * one number per key, the "theoretical arrival time" (tat) of the next request. A request at
 * `now` conforms when tat - now <= (burst - 1) * interval; it then moves tat one interval on.
 * So `burst` requests pass at once, and the bucket refills one token per interval, exactly.
 * rate-limiter-flexible has fixed windows only (BurstyRateLimiter stacks two of them), which
 * either lets through twice the sustained rate or makes a drained burst wait a whole window.
 */
export interface TokenBucket {
  /**
   * Takes one token for `key`. With `once`, a key already charged within the grace period
   * passes free, so a retry of the same request is never charged (or refused) twice.
   * Resolves with 0 when allowed, else the milliseconds until a token is available.
   */
  take(key: string, once?: string): Promise<number>;
  close(): void;
}

/** Whole milliseconds per token, so both backends compute the same numbers. */
const intervalOf = (rule: BucketRule) => Math.max(1, Math.round(1000 / rule.ratePerSecond));

/** In-process buckets: a Map of tat per key, swept of full buckets once a minute. */
export function memoryBucket(rule: BucketRule, options: { onceTtlMs?: number; now?: () => number } = {}): TokenBucket {
  const interval = intervalOf(rule);
  const tolerance = (rule.burst - 1) * interval;
  const now = options.now ?? Date.now;
  const tats = new Map<string, number>();
  const charged = new Map<string, number>();
  const sweep = setInterval(() => {
    const at = now();
    for (const [key, tat] of tats) if (tat <= at) tats.delete(key);
    for (const [key, until] of charged) if (until <= at) charged.delete(key);
  }, 60_000);
  sweep.unref();

  return {
    async take(key, once) {
      const at = now();
      const onceKey = once === undefined ? null : `${key}\n${once}`;
      if (onceKey && (charged.get(onceKey) ?? 0) > at) return 0;
      const tat = Math.max(tats.get(key) ?? at, at);
      const wait = tat - tolerance - at;
      if (wait > 0) return wait;
      tats.set(key, tat + interval);
      if (onceKey) charged.set(onceKey, at + (options.onceTtlMs ?? 0));
      return 0;
    },
    close: () => clearInterval(sweep),
  };
}

// The same algorithm, atomic in Redis, on Redis' clock (instances' clocks may disagree).
// KEYS[1] the bucket; KEYS[2] (optional) the once-key. ARGV: interval, tolerance, once ttl (ms).
const GCRA_LUA = `
if #KEYS > 1 and redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tonumber(ARGV[2]) - now
if wait > 0 then return wait end
redis.call('SET', KEYS[1], tat + interval, 'PX', tat + interval - now)
if #KEYS > 1 then redis.call('SET', KEYS[2], 1, 'PX', ARGV[3]) end
return 0
`;

type GcraClient = Redis & { mentorChatGcra(numKeys: number, ...args: (string | number)[]): Promise<number> };

/**
 * Buckets shared by every instance through Redis. When Redis does not answer, the
 * in-process bucket decides (limits become per instance) rather than refusing everyone.
 */
export function redisBucket(
  rule: BucketRule,
  redis: Redis,
  options: { prefix: string; onceTtlMs?: number },
): TokenBucket {
  const client = redis as GcraClient;
  if (!client.mentorChatGcra) redis.defineCommand('mentorChatGcra', { lua: GCRA_LUA });
  const interval = intervalOf(rule);
  const tolerance = (rule.burst - 1) * interval;
  const fallback = memoryBucket(rule, { onceTtlMs: options.onceTtlMs });
  let degraded = false;

  return {
    async take(key, once) {
      // The hash tag keeps both keys in one cluster slot.
      const bucketKey = `${options.prefix}:{${key}}`;
      const keys = once === undefined ? [bucketKey] : [bucketKey, `${bucketKey}:once:${once}`];
      try {
        const wait = await client.mentorChatGcra(keys.length, ...keys, interval, tolerance, options.onceTtlMs ?? 1);
        if (degraded) log('info', 'limits: Redis answers again; limits are shared', { prefix: options.prefix });
        degraded = false;
        return Number(wait);
      } catch (error) {
        if (!degraded) {
          log('warn', 'limits: Redis unavailable; limits are per instance until it answers', {
            prefix: options.prefix,
            message: error instanceof Error ? error.message : String(error),
          });
        }
        degraded = true;
        return fallback.take(key, once);
      }
    },
    close: () => fallback.close(),
  };
}
