import { describe, expect, it } from 'vitest';
import { newClientId, Outbox } from '../../widget/state/outbox.js';

describe('Outbox', () => {
  it('queues sends in typing order, each with its own clientId', () => {
    const outbox = new Outbox();
    const a = outbox.add('r1', 'first');
    const b = outbox.add('r2', 'second');
    expect(a.clientId).not.toBe(b.clientId);
    expect(outbox.nextQueued()?.body).toBe('first');
    outbox.setState(a.clientId, 'sending');
    expect(outbox.nextQueued()?.body).toBe('second');
  });

  it('keeps the clientId when a send goes back to waiting (a retry never duplicates)', () => {
    const outbox = new Outbox();
    const item = outbox.add('r1', 'hello');
    outbox.setState(item.clientId, 'sending');
    outbox.setState(item.clientId, 'queued');
    expect(outbox.nextQueued()).toMatchObject({ clientId: item.clientId, state: 'queued' });
  });

  it('removes delivered or refused sends', () => {
    const outbox = new Outbox();
    const item = outbox.add('r1', 'hello');
    expect(outbox.remove(item.clientId)?.body).toBe('hello');
    expect(outbox.remove(item.clientId)).toBeNull();
    expect(outbox.all).toEqual([]);
  });

  it('treats sends restored after a reload as waiting, clientIds unchanged', () => {
    const before = new Outbox();
    const item = before.add('r1', 'hello');
    before.setState(item.clientId, 'sending');
    const restored = new Outbox(JSON.parse(JSON.stringify(before.all)));
    expect(restored.nextQueued()).toMatchObject({ clientId: item.clientId, state: 'queued', body: 'hello' });
  });

  it("makes 128-bit hex clientIds within the contract's 64 characters", () => {
    const ids = new Set(Array.from({ length: 200 }, newClientId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
