import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { log } from '../log.js';
import type { Presence, PresenceChanged } from './presence.js';

export interface PresenceTimings {
  /** How often an instance refreshes its entries and looks for instances that died. */
  heartbeatMs: number;
  /** An entry not refreshed for this long no longer counts: a dead instance is forgotten after it. */
  ttlMs: number;
  /**
   * A user whose last socket closed stays online this long, so a reconnect (an instance restart,
   * a network blip) never shows as offline-then-online to anyone.
   */
  graceMs: number;
}

export const DEFAULT_PRESENCE_TIMINGS: PresenceTimings = { heartbeatMs: 10_000, ttlMs: 30_000, graceMs: 10_000 };

/**
 * Presence shared by every instance through Redis. Per user, a sorted set of the instances that
 * hold a socket of theirs, scored by when that claim expires: online = some score is in the future.
 * Heartbeats push the scores forward; an instance that dies simply stops doing so. Per instance,
 * the set of its users and an entry in the instance registry let a surviving instance notice the
 * death (registry score in the past), claim the cleanup atomically (ZREM returns 1 to one caller
 * only), and announce the users concerned.
 */
export class RedisPresence implements Presence {
  readonly instanceId = randomUUID();
  private readonly local = new Map<string, number>();
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Writes not yet answered: stop() waits for them, so their change hints still go out. */
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly keys;
  private readonly keyLifetimeMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly onChange: PresenceChanged,
    private readonly timings: PresenceTimings = DEFAULT_PRESENCE_TIMINGS,
  ) {
    this.keyLifetimeMs = timings.ttlMs + Math.max(timings.graceMs, 0);
    this.keys = {
      user: (userId: string) => `${prefix}presence:user:${userId}`,
      instanceUsers: (instanceId: string) => `${prefix}presence:instance:${instanceId}`,
      instances: `${prefix}presence:instances`,
      hidden: `${prefix}presence:hidden`,
    };
  }

  connected(userId: string): void {
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    if (count > 1) return;
    const wasLeaving = this.leaving.has(userId);
    clearTimeout(this.leaving.get(userId));
    this.leaving.delete(userId);
    // Back within the grace period on this instance: nobody ever saw them leave.
    this.track(
      this.claim([userId], Date.now() + this.timings.ttlMs)
        .then(() => !wasLeaving && this.onChange([userId]))
        .catch(failed('connect')),
    );
  }

  disconnected(userId: string): void {
    const left = (this.local.get(userId) ?? 1) - 1;
    if (left > 0) {
      this.local.set(userId, left);
      return;
    }
    this.local.delete(userId);
    if (this.timings.graceMs <= 0) {
      this.release(userId);
      return;
    }
    this.track(this.claim([userId], Date.now() + this.timings.graceMs).catch(failed('disconnect')));
    const timer = setTimeout(() => {
      this.leaving.delete(userId);
      this.release(userId);
    }, this.timings.graceMs);
    timer.unref();
    this.leaving.set(userId, timer);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const id of userIds) pipeline.zcount(this.keys.user(id), now, '+inf');
    pipeline.smismember(this.keys.hidden, ...userIds);
    const results = (await pipeline.exec()) ?? [];
    const hidden = (results[userIds.length]?.[1] as number[] | undefined) ?? [];
    const online = new Set<string>();
    userIds.forEach((id, i) => {
      const [error, count] = results[i] ?? [];
      if (error) throw error;
      if ((count as number) > 0 && !hidden[i]) online.add(id);
    });
    return online;
  }

  async setHidden(userId: string, hidden: boolean): Promise<void> {
    // Kept in Redis (durable as far as Redis is): the store interface has no field for it yet.
    const changed = hidden
      ? await this.redis.sadd(this.keys.hidden, userId)
      : await this.redis.srem(this.keys.hidden, userId);
    if (changed) this.onChange([userId]);
  }

  async isHidden(userId: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.hidden, userId)) === 1;
  }

  async start(): Promise<void> {
    await this.beat();
    this.heartbeat = setInterval(() => {
      this.beat().catch(failed('heartbeat'));
    }, this.timings.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Called after this instance's sockets closed with 1012: their users are in their grace period.
   * The registry entry is left to expire with it, so a surviving instance announces whoever did
   * not come back elsewhere in time.
   */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.allSettled([...this.inflight]);
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    const until = Date.now() + Math.max(this.timings.graceMs, 0);
    if (this.local.size > 0) await this.claim([...this.local.keys()], until);
    await this.redis.zadd(this.keys.instances, until, this.instanceId);
  }

  /** Marks `userIds` online from this instance until `until` (ms since epoch). */
  private async claim(userIds: string[], until: number): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const id of userIds) {
      pipeline.zadd(this.keys.user(id), until, this.instanceId);
      // Scores are the truth; key expiry only collects garbage, so it must outlive any score
      // written by any instance (a heartbeat's TTL or a grace period).
      pipeline.pexpire(this.keys.user(id), this.keyLifetimeMs);
    }
    const mine = this.keys.instanceUsers(this.instanceId);
    for (let i = 0; i < userIds.length; i += 1000) pipeline.sadd(mine, ...userIds.slice(i, i + 1000));
    // Long enough for a survivor to find it after this instance's registry entry expired.
    pipeline.pexpire(mine, this.keyLifetimeMs * 4);
    await pipeline.exec();
  }

  private release(userId: string): void {
    this.track(
      this.redis
        .pipeline()
        .zrem(this.keys.user(userId), this.instanceId)
        .srem(this.keys.instanceUsers(this.instanceId), userId)
        .exec()
        .then(() => this.onChange([userId]))
        .catch(failed('release')),
    );
  }

  private track(operation: Promise<unknown>): void {
    this.inflight.add(operation);
    void operation.finally(() => this.inflight.delete(operation));
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    await this.redis
      .pipeline()
      .zadd(this.keys.instances, now + this.timings.ttlMs, this.instanceId)
      // Gone by itself once no instance of the deployment runs any more.
      .pexpire(this.keys.instances, this.keyLifetimeMs * 4)
      .exec();
    if (this.local.size > 0) await this.claim([...this.local.keys()], now + this.timings.ttlMs);
    await this.sweep(now);
  }

  /** Forgets instances whose registry entry expired: each one is cleaned up by one survivor. */
  private async sweep(now: number): Promise<void> {
    const dead = await this.redis.zrangebyscore(this.keys.instances, '-inf', now);
    for (const instanceId of dead) {
      if (instanceId === this.instanceId) continue;
      if ((await this.redis.zrem(this.keys.instances, instanceId)) !== 1) continue;
      const usersKey = this.keys.instanceUsers(instanceId);
      const userIds = await this.redis.smembers(usersKey);
      const pipeline = this.redis.pipeline();
      for (const id of userIds) pipeline.zrem(this.keys.user(id), instanceId);
      pipeline.del(usersKey);
      await pipeline.exec();
      log('info', 'presence: forgot an instance that stopped', { instanceId, users: userIds.length });
      if (userIds.length > 0) this.onChange(userIds);
    }
  }
}

const failed = (step: string) => (error: unknown) =>
  log('warn', 'presence: redis command failed', {
    step,
    error: error instanceof Error ? error.message : String(error),
  });
