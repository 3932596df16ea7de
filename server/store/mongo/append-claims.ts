import { setTimeout as sleep } from 'node:timers/promises';
import { type Model, Types } from 'mongoose';
import type { AppendClaimDoc } from './models.js';
import { WRITE_MAJORITY_TIMEOUT_MS } from './write-concern.js';
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
  const claiming = async (key: AppendKey, token: Types.ObjectId, write: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKey(error, 'clientId')) return false;
      // E.g. the majority timeout: the claim may be stored all the same, and would hold every
      // retry of this message for the whole grace.
      await release(key, token);
      throw error;
    }
  };
  const release = (key: AppendKey, token: Types.ObjectId) =>
    AppendClaim.deleteOne({ ...key, token }).then(
      () => undefined,
      () => undefined,
    );

  const insert = (key: AppendKey, token: Types.ObjectId) =>
    claiming(key, token, async () => {
      await AppendClaim.create({ ...key, token, claimedAt: new Date() });
      return true;
    });

  /** A claim for a later round: looked at first, so waiting costs reads, not refused inserts. */
  const claimAgain = async (key: AppendKey, token: Types.ObjectId): Promise<boolean> => {
    const current = await AppendClaim.findOne(key).lean();
    // Released (that attempt failed): claim the message afresh.
    if (!current) return insert(key, token);
    if (Date.now() - current.claimedAt.getTime() < APPEND_CLAIM_GRACE_MS) return false;
    // Replaces exactly the claim judged stale, so of several takers one wins.
    return claiming(key, token, async () => {
      const taken = await AppendClaim.updateOne(
        { ...key, token: current.token },
        { $set: { token, claimedAt: new Date() } },
      );
      return taken.modifiedCount === 1;
    });
  };

  return {
    /**
     * The claim on `key`'s message (its token), or what `stored()` found once another attempt
     * had stored the message while this one waited (polled with a growing pause).
     */
    async claimOrWait<T>(
      key: AppendKey,
      stored: () => Promise<T | null>,
    ): Promise<{ token: Types.ObjectId } | { stored: T }> {
      const token = new Types.ObjectId();
      if (await insert(key, token)) return { token };
      for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
        await sleep(wait);
        const found = await stored();
        if (found) return { stored: found };
        if (await claimAgain(key, token)) {
          // The attempt this one replaced may have stored the message since the look above.
          const late = await stored();
          return late ? { stored: late } : { token };
        }
      }
    },

    /** Frees the claim of an append that failed, so a retry need not wait out the grace. */
    release,
  };
}

/**
 * What `stored()` finds once a write already under way lands: polled with a growing pause for
 * as long as a write may wait for its majority; null if it never shows.
 */
export async function untilStored<T>(stored: () => Promise<T | null>): Promise<T | null> {
  const deadline = Date.now() + WRITE_MAJORITY_TIMEOUT_MS;
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
    const found = await stored();
    if (found || Date.now() >= deadline) return found;
    await sleep(wait);
  }
}
