import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';
import type { AppendClaimDoc } from './models.js';
import { isDuplicateKey } from './write-errors.js';

/**
 * How long an append may hold its claim before another attempt at the same message takes it
 * over. Longer than an append can take while its server lives (two writes, each bounded by the
 * 10 s majority timeout); instances' clocks must agree to well within it (NTP).
 */
export const APPEND_CLAIM_GRACE_MS = 30_000;
const FIRST_WAIT_MS = 10;
const LONGEST_WAIT_MS = 250;

export type AppendKey = Pick<AppendClaimDoc, 'roomId' | 'authorId' | 'clientId'>;

/**
 * One attempt numbers each message. Without a transaction, the seq (an `$inc` on the room) and
 * the insert are two writes, and every attempt that took a seq but lost the insert to another
 * attempt at the same message would leave a hole that live feeds wait out. So the first
 * attempt claims the message (a unique (room, author, clientId) insert) before taking a seq,
 * and attempts racing it (a widget resending while its first send is under way) wait for that
 * message instead. A claim whose attempt died frees itself after the grace.
 */
export function appendClaims(AppendClaim: Model<AppendClaimDoc>) {
  /** The new claim's time, or null while another attempt holds a claim younger than the grace. */
  const tryClaim = async (key: AppendKey): Promise<Date | null> => {
    const claimedAt = new Date();
    try {
      await AppendClaim.create({ ...key, claimedAt });
      return claimedAt;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const current = await AppendClaim.findOne(key).lean();
    // Released meanwhile (that attempt failed): the next round claims it.
    if (!current) return null;
    if (claimedAt.getTime() - current.claimedAt.getTime() < APPEND_CLAIM_GRACE_MS) return null;
    // Replaces exactly the claim judged stale, so of several takers one wins.
    const taken = await AppendClaim.updateOne({ ...key, claimedAt: current.claimedAt }, { $set: { claimedAt } });
    return taken.modifiedCount === 1 ? claimedAt : null;
  };

  return {
    /**
     * The claim on `key`'s message, or what `stored()` found once another attempt had stored
     * the message while this one waited (polled with a growing pause).
     */
    async claimOrWait<T>(
      key: AppendKey,
      stored: () => Promise<T | null>,
    ): Promise<{ claimedAt: Date } | { stored: T }> {
      for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
        const claimedAt = await tryClaim(key);
        if (claimedAt) return { claimedAt };
        await sleep(wait);
        const found = await stored();
        if (found) return { stored: found };
      }
    },

    /** Frees the claim of an append that failed, so a retry need not wait out the grace. */
    async release(key: AppendKey, claimedAt: Date): Promise<void> {
      await AppendClaim.deleteOne({ ...key, claimedAt }).catch(() => undefined);
    },
  };
}
