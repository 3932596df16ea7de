/** How long a write waits for a majority before it fails (rather than holding a send forever). */
export const WRITE_MAJORITY_TIMEOUT_MS = 10_000;

/**
 * Every write of the adapter. It is acknowledged only once a majority of the replica set holds
 * it in its on-disk journal (a standalone server: its own journal), whatever the deployment's
 * default: a standalone server, or a set with an arbiter, would otherwise acknowledge from
 * memory, and a crash or failover could lose an acknowledged message. A write that finds no
 * majority within the timeout fails; it may still be applied, and the client's retry with the
 * same clientId then finds it (appends are idempotent).
 */
export const WRITE_CONCERN = { w: 'majority', journal: true, wtimeoutMS: WRITE_MAJORITY_TIMEOUT_MS } as const;
