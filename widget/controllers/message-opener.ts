import {
  type EncryptedPayload,
  ed25519Implementation,
  type OpenedMessage,
  type OpenMessageKeys,
  openMessageAsync,
} from '../crypto/index.js';

// Main-thread time one slice may take before the browser gets it back (input, a frame).
const SLICE_MS = 8;
// Opens in flight at once: WebCrypto checks signatures off the main thread, so several
// overlap; tweetnacl's check runs on it (milliseconds each), so one at a time.
const PARALLEL = { webcrypto: 8, tweetnacl: 1 } as const;

type Scheduler = { yield?: () => Promise<void> };

function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Verifies and opens encrypted messages in the background, in the order asked for, in
 * slices of a few milliseconds with the main thread given back in between: a page of
 * history then never blocks input or rendering for long, whichever Ed25519 runs here.
 */
export class MessageOpener {
  private readonly queued: Array<() => Promise<void>> = [];
  private readonly pending = new Set<string>();
  private running = false;
  private generation = 0;

  /** @param afterSlice - called after each slice that opened something (e.g. to render again). */
  constructor(private readonly afterSlice: () => void) {}

  /**
   * Queues one message, once per `id` while it is pending; `done` gets the outcome,
   * unless {@link clear} was called meanwhile.
   */
  open(id: string, payload: EncryptedPayload, keys: OpenMessageKeys, done: (opened: OpenedMessage) => void): void {
    if (this.pending.has(id)) return;
    this.pending.add(id);
    const generation = this.generation;
    this.queued.push(async () => {
      const opened = await openMessageAsync(payload, keys);
      if (generation !== this.generation) return;
      this.pending.delete(id);
      done(opened);
    });
    if (!this.running) void this.drain();
  }

  /** Drops everything queued; what is being opened now is not reported (e.g. after sign-out). */
  clear(): void {
    this.generation++;
    this.queued.length = 0;
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      const parallel = PARALLEL[await ed25519Implementation()];
      while (this.queued.length > 0) {
        const start = performance.now();
        do {
          const batch = this.queued.splice(0, parallel);
          // openMessageAsync never rejects; a throwing `done` must not stop the queue.
          await Promise.all(batch.map((job) => job().catch(() => {})));
        } while (this.queued.length > 0 && performance.now() - start < SLICE_MS);
        this.afterSlice();
        await yieldToBrowser();
      }
    } finally {
      this.running = false;
    }
  }
}
