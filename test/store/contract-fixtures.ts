import { afterAll, afterEach, beforeEach } from 'vitest';
import type { DeviceRecord, NewDevice, NewRoom, Role, Store } from '../../server/store/store.js';
import { loadAdapters, type StoreAdapter } from './adapters.js';

/** An id no store hands out (also a well-formed ObjectId, so only absence is tested). */
export const MISSING = '0'.repeat(24);
export const HOUR = 3_600_000;

/** The adapters of this run, disposed after the file's tests. */
export async function contractAdapters(): Promise<StoreAdapter[]> {
  const adapters = await loadAdapters();
  afterAll(async () => {
    for (const adapter of adapters) await adapter.dispose();
  });
  return adapters;
}

/** A device cap no test that is not about the cap comes near. */
export const NO_CAP = 1000;

/** Creates a device (for tests that are not about the device cap, which never refuses here). */
export async function createDevice(store: Store, device: NewDevice): Promise<DeviceRecord> {
  const created = await store.createDevice(device, NO_CAP);
  if (!created) throw new Error(`createDevice refused under a cap of ${NO_CAP}`);
  return created;
}

/** Resolves once the clock has moved past `time`, so what is created next is strictly later. */
export async function clockPast(time: Date): Promise<void> {
  while (Date.now() <= time.getTime()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * A new, empty store for each test of the calling describe block (closed after it), with
 * small helpers that create what a test needs.
 */
export function freshStore(adapter: StoreAdapter) {
  let current: Store;
  beforeEach(async () => {
    current = await adapter.open();
  });
  afterEach(async () => {
    await current.close();
  });
  const store = () => current;
  return {
    store,
    user: (handle: string, role: Role = 'STUDENT') => current.createUser({ handle, displayName: handle, role }),
    room: (createdBy: string, patch: Partial<NewRoom> = {}) =>
      current.createRoom({
        name: 'Room',
        kind: 'PRIVATE',
        encrypted: false,
        allowGuests: false,
        createdBy,
        memberIds: [],
        ...patch,
      }),
    say: (roomId: string, authorId: string, clientId: string, kind?: 'USER' | 'SYSTEM') =>
      current.appendMessage({ roomId, authorId, clientId, kind, body: clientId, encrypted: null }),
  };
}
