import { describe, expect, it } from 'vitest';
import { createLimitsRedis } from '../../server/limits/redis.js';
import { memoryBucket, redisBucket } from '../../server/limits/token-bucket.js';

/** The in-process GCRA bucket on a fake clock: the arithmetic the Redis script repeats. */
function bucketAt(rule: { ratePerSecond: number; burst: number }, onceTtlMs?: number) {
  const clock = { now: 1_000_000 };
  const bucket = memoryBucket(rule, { now: () => clock.now, onceTtlMs });
  const passes = async (key: string, n: number) => {
    let passed = 0;
    for (let i = 0; i < n; i++) if ((await bucket.take(key)) === 0) passed++;
    return passed;
  };
  return { clock, bucket, passes };
}

describe('the token bucket (GCRA)', () => {
  it('lets a full burst through at once and refuses the next, saying when a token is back', async () => {
    const { bucket, passes } = bucketAt({ ratePerSecond: 5, burst: 20 });
    expect(await passes('u', 20)).toBe(20);
    expect(await bucket.take('u')).toBe(200);
    bucket.close();
  });

  it('refills at the sustained rate, never above the burst', async () => {
    const { clock, bucket, passes } = bucketAt({ ratePerSecond: 5, burst: 20 });
    await passes('u', 20);
    clock.now += 1_000;
    expect(await passes('u', 10)).toBe(5);
    clock.now += 2_000;
    expect(await passes('u', 20)).toBe(10);
    clock.now += 60_000;
    expect(await passes('u', 30)).toBe(20);
    bucket.close();
  });

  it('holds a client at exactly the sustained rate over a long run', async () => {
    const { clock, bucket } = bucketAt({ ratePerSecond: 5, burst: 20 });
    let passed = 0;
    // 50 requests a second for 60 s: a burst, then 5 a second.
    for (let ms = 0; ms < 60_000; ms += 20) {
      clock.now = 1_000_000 + ms;
      if ((await bucket.take('u')) === 0) passed++;
    }
    expect(passed).toBe(20 + 5 * 60 - 1);
    bucket.close();
  });

  it('keeps keys apart', async () => {
    const { bucket, passes } = bucketAt({ ratePerSecond: 1, burst: 2 });
    expect(await passes('a', 3)).toBe(2);
    expect(await passes('b', 3)).toBe(2);
    bucket.close();
  });

  it('charges a once-key one time within its grace period', async () => {
    const { clock, bucket } = bucketAt({ ratePerSecond: 1, burst: 2 }, 10_000);
    expect(await bucket.take('u', 'm1')).toBe(0);
    expect(await bucket.take('u', 'm2')).toBe(0);
    expect(await bucket.take('u', 'm3')).toBeGreaterThan(0);
    // Retries of charged ones pass while the bucket is empty, and take nothing from it.
    expect(await bucket.take('u', 'm1')).toBe(0);
    expect(await bucket.take('u', 'm2')).toBe(0);
    clock.now += 1_000;
    expect(await bucket.take('u', 'm3')).toBe(0);
    // Past the grace period a once-key is new again.
    clock.now += 10_000;
    expect(await bucket.take('u', 'm1')).toBe(0);
    bucket.close();
  });
});

describe('the shared bucket when Redis does not answer', () => {
  it('decides in-process at once instead of waiting or refusing everyone', async () => {
    // Nothing listens on port 1: every command fails fast (no offline queue).
    const redis = createLimitsRedis('redis://127.0.0.1:1');
    const bucket = redisBucket({ ratePerSecond: 1, burst: 2 }, redis, { prefix: 'unit-dead' });
    const started = performance.now();
    const answers = [await bucket.take('u'), await bucket.take('u'), await bucket.take('u')];
    expect(performance.now() - started).toBeLessThan(200);
    expect(answers.slice(0, 2)).toEqual([0, 0]);
    expect(answers[2]).toBeGreaterThan(0);
    bucket.close();
    redis.disconnect();
  });
});
