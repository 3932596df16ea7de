import { describe, expect, it } from 'vitest';
import { ChatStorage, clearWidgetStorage, type KeyValueStorage, scopeFor } from '../../widget/state/storage.js';

/** Web Storage over a Map, as the browser's sessionStorage behaves. */
function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { dump(): Record<string, string> } {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    dump: () => Object.fromEntries(map),
  };
}

describe('ChatStorage', () => {
  it('round-trips JSON under a per-server scope', () => {
    const storage = memoryStorage();
    const chat = new ChatStorage(storage, 'abc');
    chat.write('drafts', { r1: 'hello' });
    expect(chat.read('drafts', {})).toEqual({ r1: 'hello' });
    expect(Object.keys(storage.dump())).toEqual(['mentor-chat:abc:drafts']);
  });

  it('removes a key when the value is empty', () => {
    const storage = memoryStorage();
    const chat = new ChatStorage(storage, 's');
    chat.write('token', 'secret');
    chat.write('token', null);
    expect(storage.dump()).toEqual({});
  });

  it('survives storage that throws or holds garbage', () => {
    const throwing: KeyValueStorage = {
      length: 0,
      key: () => null,
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const chat = new ChatStorage(throwing, 's');
    expect(() => chat.write('x', 1)).not.toThrow();
    expect(chat.read('x', 'fallback')).toBe('fallback');
    expect(new ChatStorage(memoryStorage({ 'mentor-chat:s:x': '{not json' }), 's').read('x', 7)).toBe(7);
    expect(new ChatStorage(null, 's').read('x', 7)).toBe(7);
  });
});

describe('clearWidgetStorage', () => {
  it("removes every widget key of every server and user, and nothing of the host page's", () => {
    const session = memoryStorage({
      'mentor-chat:a:token': '"t"',
      'mentor-chat:b:drafts': '{}',
      'portal:persona': 'sam',
    });
    const local = memoryStorage({ 'mentor-chat:a:outbox': '[]', theme: 'dark' });
    clearWidgetStorage(session, local, null);
    expect(session.dump()).toEqual({ 'portal:persona': 'sam' });
    expect(local.dump()).toEqual({ theme: 'dark' });
  });
});

describe('scopeFor', () => {
  it('is stable per endpoint and differs between endpoints', () => {
    expect(scopeFor('https://a.example/graphql')).toBe(scopeFor('https://a.example/graphql'));
    expect(scopeFor('https://a.example/graphql')).not.toBe(scopeFor('https://b.example/graphql'));
  });
});
