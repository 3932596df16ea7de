/**
 * The retention sweep with a fake clock over a real SQLite store: what expires and what stays,
 * the live `changed` events and the audit summary, the release of deleted accounts' handles
 * after the grace period, and the schedule (start, interval, stop) on fake timers: no waiting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetentionSweep } from '../../server/moderation/retention-sweep.js';
import { createPubSub, type RoomEvent } from '../../server/pubsub.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';

const DAY = 86_400_000;
let dir: string;
let store: Store;
let author: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mentor-chat-sweep-'));
  store = openSqliteStore(path.join(dir, 'mentor-chat.db'));
  author = (await store.createUser({ handle: 'writer', displayName: 'Writer', role: 'STUDENT' })).id;
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function roomWith(retentionDays: number | null, messages: number) {
  const room = await store.createRoom({
    name: `r${retentionDays}`,
    kind: 'PUBLIC',
    encrypted: false,
    allowGuests: false,
    createdBy: author,
    memberIds: [author],
  });
  await store.updateRoom(room.id, { retentionDays });
  for (let i = 0; i < messages; i++) {
    await store.appendMessage({
      roomId: room.id,
      authorId: author,
      clientId: `c${i}`,
      body: `body ${i}`,
      encrypted: null,
    });
  }
  return room.id;
}

/** A sweep whose clock the test sets, and the room events it published. */
function sweepAt(start: Date, options: { handleGraceDays?: number; intervalMs?: number } = {}) {
  const pubsub = createPubSub();
  const events: RoomEvent[] = [];
  const clock = { now: start };
  const listen = (roomId: string) => pubsub.listen('room', roomId, (event) => events.push(event));
  const sweep = new RetentionSweep({
    store,
    pubsub,
    intervalMs: options.intervalMs ?? 60_000,
    handleGraceDays: options.handleGraceDays ?? 30,
    now: () => clock.now,
  });
  return { sweep, events, clock, listen };
}

describe('expired messages', () => {
  it('tombstones what is older than each room’s retention, as of the clock, and nothing else', async () => {
    const week = await roomWith(7, 3);
    const month = await roomWith(30, 2);
    const forever = await roomWith(null, 2);
    const { sweep, clock } = sweepAt(new Date(Date.now() + 10 * DAY));

    expect(await sweep.runOnce()).toEqual({ rooms: 1, messages: 3, handles: 0 });
    const read = async (roomId: string) => store.listMessages(roomId, { limit: 10, from: 'oldest' });
    expect((await read(week)).map((m) => [m.body, m.deletedAt])).toEqual([
      [null, clock.now],
      [null, clock.now],
      [null, clock.now],
    ]);
    expect((await read(month)).map((m) => m.body)).toEqual(['body 0', 'body 1']);

    clock.now = new Date(Date.now() + 365 * DAY);
    expect(await sweep.runOnce()).toEqual({ rooms: 1, messages: 2, handles: 0 });
    expect((await read(forever)).map((m) => m.body)).toEqual(['body 0', 'body 1']);
    // Tombstones are not expired again.
    expect(await sweep.runOnce()).toEqual({ rooms: 0, messages: 0, handles: 0 });
  });

  it('publishes `changed` for each tombstone, across pages, and audits one summary per room', async () => {
    const room = await roomWith(1, 450);
    const { sweep, events, clock, listen } = sweepAt(new Date(Date.now() + 2 * DAY));
    listen(room);
    await sweep.runOnce();
    const changed = events.filter((e) => e.type === 'changed');
    expect(changed).toHaveLength(450);
    expect(new Set(changed.map((e) => (e.type === 'changed' ? e.message.seq : 0))).size).toBe(450);
    expect(changed.every((e) => e.type === 'changed' && e.message.body === null)).toBe(true);

    const audit = await store.listAudit({ action: 'retention.sweep', limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: null,
      roomId: room,
      details: { messages: 450, retentionDays: 1, before: new Date(clock.now.getTime() - DAY).toISOString() },
    });
    expect(JSON.stringify(audit)).not.toContain('body ');
  });
});

describe('handles of deleted accounts', () => {
  it('are held for the grace period, then released once as deleted-<id>, audited', async () => {
    const deletedAt = new Date();
    const gone = await store.createUser({ handle: 'leaver', displayName: 'Deleted user', role: 'STUDENT' });
    await store.updateUser(gone.id, { deletedAt });
    const { sweep, clock } = sweepAt(new Date(deletedAt.getTime() + 29 * DAY), { handleGraceDays: 30 });

    expect((await sweep.runOnce()).handles).toBe(0);
    expect((await store.getUserByHandle('leaver'))?.id).toBe(gone.id);

    clock.now = new Date(deletedAt.getTime() + 30 * DAY + 1);
    expect((await sweep.runOnce()).handles).toBe(1);
    expect(await store.getUserByHandle('leaver')).toBeNull();
    expect((await store.getUser(gone.id))?.handle).toBe(`deleted-${gone.id}`);
    expect((await sweep.runOnce()).handles).toBe(0);
    const [entry] = await store.listAudit({ action: 'handle.release', limit: 5 });
    expect(entry).toMatchObject({ actorId: null, targetUserId: gone.id });
  });
});

describe('the schedule', () => {
  it('runs at start, then every interval, never two passes at once, and not after stop', async () => {
    vi.useFakeTimers();
    const { sweep } = sweepAt(new Date(), { intervalMs: 1000 });
    const passes = vi.spyOn(store, 'listAllRooms');
    sweep.start();
    sweep.start(); // idempotent
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(passes).toHaveBeenCalledTimes(4);
    await sweep.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(passes).toHaveBeenCalledTimes(4);
  });

  it('skips a tick while a pass is still running, and reports a failed pass without stopping', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    vi.spyOn(store, 'listAllRooms').mockImplementation(async () => {
      calls++;
      if (calls === 1) await slow;
      if (calls === 2) throw new Error('store unavailable');
      return [];
    });
    const sweep = new RetentionSweep({
      store,
      pubsub: createPubSub(),
      intervalMs: 1000,
      handleGraceDays: 30,
      onError: (error) => errors.push(error),
    });
    sweep.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(1); // the first pass is still running: ticks are skipped
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(3);
    await sweep.stop();
  });

  it('stop() waits for the pass in flight', async () => {
    let release: () => void = () => {};
    vi.spyOn(store, 'listAllRooms').mockImplementation(
      () =>
        new Promise((resolve) => {
          release = () => resolve([]);
        }),
    );
    const { sweep } = sweepAt(new Date());
    sweep.start();
    let stopped = false;
    const stopping = sweep.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });
});
