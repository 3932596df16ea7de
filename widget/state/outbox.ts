import type { PendingSend } from './types.js';

/** A fresh idempotency key for sendMessage: 128 random bits as hex (no secure context needed). */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Messages typed but not yet acknowledged, across rooms, in typing order. Each keeps its
 * clientId for life, so a retry after a lost response or a reconnect never duplicates.
 */
export class Outbox {
  private items: PendingSend[];

  constructor(restored: readonly PendingSend[] = []) {
    // A request that was in flight when the page went away may or may not have landed:
    // resending it with the same clientId is safe, so it simply waits for its turn.
    this.items = restored.map((item) => ({ ...item, state: 'queued' as const }));
  }

  get all(): readonly PendingSend[] {
    return this.items;
  }

  add(roomId: string, body: string, now = new Date()): PendingSend {
    const item: PendingSend = { clientId: newClientId(), roomId, body, state: 'queued', createdAt: now.toISOString() };
    this.items = [...this.items, item];
    return item;
  }

  /** The next queued send, oldest first; null when all are in flight or done. */
  nextQueued(): PendingSend | null {
    return this.items.find((item) => item.state === 'queued') ?? null;
  }

  setState(clientId: string, state: PendingSend['state']): void {
    this.items = this.items.map((item) => (item.clientId === clientId ? { ...item, state } : item));
  }

  remove(clientId: string): PendingSend | null {
    const item = this.items.find((i) => i.clientId === clientId) ?? null;
    this.items = this.items.filter((i) => i.clientId !== clientId);
    return item;
  }

  clear(): void {
    this.items = [];
  }
}
