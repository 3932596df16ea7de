import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageOpener } from '../../widget/controllers/message-opener.js';
import { type EncryptedPayload, encodeBase64, type OpenedMessage } from '../../widget/crypto/index.js';
import vectors from '../fixtures/crypto-vectors.json' with { type: 'json' };

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const msg = vectors.message;
const payload = msg.payload as EncryptedPayload;
const keys = {
  roomId: msg.roomId,
  roomKey: bytes(vectors.roomKey),
  senderSignPublicKey: bytes(vectors.alice.signPublicKey),
};
const forged = { ...payload, signature: encodeBase64(new Uint8Array(64)) };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('MessageOpener (encrypted history opened in the background)', () => {
  it('opens each message once, in the order asked, and says when a slice is done', async () => {
    const afterSlice = vi.fn();
    const opener = new MessageOpener(afterSlice);
    const outcomes = new Map<string, OpenedMessage[]>();
    const settled: string[] = [];
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (const id of [...ids, 'forged', 'm0', 'm1']) {
      opener.open(id, id === 'forged' ? forged : payload, keys, (opened) => {
        settled.push(id);
        outcomes.set(id, [...(outcomes.get(id) ?? []), opened]);
      });
    }
    await vi.waitFor(() => expect(outcomes.size).toBe(31));
    for (const id of ids) expect(outcomes.get(id)).toEqual([{ ok: true, body: msg.body }]);
    expect(outcomes.get('forged')).toEqual([{ ok: false, reason: 'bad-signature' }]);
    // Opened in the order asked, a batch at a time: the first settles well before the last.
    expect(settled.indexOf('m0')).toBeLessThan(8);
    expect(settled.indexOf('forged')).toBeGreaterThan(20);
    await vi.waitFor(() => expect(afterSlice).toHaveBeenCalled());
    // Once opened, a message may be asked for again (another room key, say).
    const again = vi.fn();
    opener.open('m0', payload, keys, again);
    await vi.waitFor(() => expect(again).toHaveBeenCalledWith({ ok: true, body: msg.body }));
  });

  it('reports nothing queued or in flight before clear(), and works on after it', async () => {
    const opener = new MessageOpener(() => {});
    const done = vi.fn();
    for (let i = 0; i < 20; i++) opener.open(`m${i}`, payload, keys, done);
    opener.clear();
    const after = vi.fn();
    opener.open('m0', payload, keys, after);
    await vi.waitFor(() => expect(after).toHaveBeenCalledWith({ ok: true, body: msg.body }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).not.toHaveBeenCalled();
  });

  it('gives the main thread back between slices when tweetnacl checks signatures on it', async () => {
    vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) });
    const { MessageOpener: Fresh } = await import('../../widget/controllers/message-opener.js');
    const { ed25519Implementation } = await import('../../widget/crypto/index.js');
    expect(await ed25519Implementation()).toBe('tweetnacl');
    const afterSlice = vi.fn();
    const opener = new Fresh(afterSlice);
    let opened = 0;
    for (let i = 0; i < 30; i++) opener.open(`m${i}`, payload, keys, () => opened++);
    // A task queued now (input, a frame) runs long before the last message is opened.
    const seenByTask = await new Promise<number>((resolve) => setTimeout(() => resolve(opened), 0));
    expect(seenByTask).toBeLessThan(30);
    await vi.waitFor(() => expect(opened).toBe(30), { timeout: 5000 });
    expect(afterSlice.mock.calls.length).toBeGreaterThan(1);
  });
});
