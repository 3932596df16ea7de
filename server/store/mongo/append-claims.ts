import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';
import type { AppendClaimDoc } from './models.js';
import { isDuplicateKey } from './write-errors.js';

/**
 * How long an append may hold its claim before another attempt at the same message may take it
 * over. Well past what an append takes while its server lives (two writes, each waiting at most
 * 10 s for a majority); an append slower still costs a hole in seq, nothing more. The instances'
 * clocks must agree to well within it (NTP), since each judges a claim by its own.
 */
export const APPEND_CLAIM_GRACE_MS = 30_000;
const FIRST_WAIT_MS = 10;
const LONGEST_WAIT_MS = 250;

export type AppendKey = Pick<AppendClaimDoc, 'roomId' | 'authorId' | 'clientId'>;

/**
 * One attempt numbers each message. Without a transaction, the seq (an `$inc` on the room) and
 * the insert are two writes, and every attempt that took a seq but lost the insert to another
 * attempt at the same message would leave a hole that live feeds wait out. So the first attempt
 * claims the message (inserts a unique (room, author, clientId) claim) before taking a seq, and
 * attempts racing it (a widget resending while its first send is under way) wait for that
 * message instead. The claim stays after the message is stored (a TTL index drops it a day
 * later): a waiter that finds it gone would claim the message again. An attempt that finds a
 * claim older than the grace (its server died) takes it over.
 */
export function appendClaims(AppendClaim: Model<AppendClaimDoc>) {
  /** Runs a claiming write; if it fails for another reason than a rival claim, removes what it may have written. */
  const claiming = async (key: AppendKey, claimedAt: Date, write: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      // E.g. the majority timeout: the claim may be stored all the same, and would hold every
      // retry of this message for the whole grace.
      await release(key, claimedAt);
      throw error;
    }
  };
  const release = (key: AppendKey, claimedAt: Date) =>
    AppendClaim.deleteOne({ ...key, claimedAt }).then(
      () => undefined,
      () => undefined,
    );

  const insert = (key: AppendKey, claimedAt: Date) =>
    claiming(key, claimedAt, async () => {
      await AppendClaim.create({ ...key, claimedAt });
      return true;
    });

  /** A claim for a later round: looked at first, so waiting costs reads, not refused inserts. */
  const claimAgain = async (key: AppendKey, claimedAt: Date): Promise<boolean> => {
    const current = await AppendClaim.findOne(key).lean();
    // Released (that attempt failed): claim the message afresh.
    if (!current) return insert(key, claimedAt);
    if (claimedAt.getTime() - current.claimedAt.getTime() < APPEND_CLAIM_GRACE_MS) return false;
    // Replaces exactly the claim judged stale, so of several takers one wins.
    return claiming(key, claimedAt, async () => {
      const taken = await AppendClaim.updateOne({ ...key, claimedAt: current.claimedAt }, { $set: { claimedAt } });
      return taken.modifiedCount === 1;
    });
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
      const first = new Date();
      if (await insert(key, first)) return { claimedAt: first };
      for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
        await sleep(wait);
        const found = await stored();
        if (found) return { stored: found };
        const claimedAt = new Date();
        if (await claimAgain(key, claimedAt)) {
          // The attempt this one replaced may have stored the message since the look above.
          const late = await stored();
          return late ? { stored: late } : { claimedAt };
        }
      }
    },

    /** Frees the claim of an append that failed, so a retry need not wait out the grace. */
    release,
  };
}
