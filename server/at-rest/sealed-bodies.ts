import type { MessagePatch, MessageRecord, NewMessage, Store } from '../store/store.js';
import { type Keyring, openBody, sealBody } from './keyring.js';

const WRAPPED = Symbol('sealedBodies');

/**
 * The Store with message bodies sealed at rest: every body written is sealed with the current
 * key (when there is one), every MessageRecord handed back has its body opened. The one place
 * that knows: services, subscriptions and the PII guard (which runs before the write) only
 * ever see plaintext. Bodies stored in clear before the key was set stay readable.
 */
export function sealedBodies(store: Store, keyring: Keyring): Store {
  if ((store as { [WRAPPED]?: true })[WRAPPED]) return store;
  const seal = (body: string | null) => (body === null || !keyring.current ? body : sealBody(keyring.current, body));
  const open = (message: MessageRecord): MessageRecord =>
    message.body === null ? message : { ...message, body: openBody(keyring, message.body) };
  const openOrNull = (message: MessageRecord | null) => (message ? open(message) : null);
  const overrides: Partial<Store> = {
    async appendMessage(message: NewMessage) {
      const result = await store.appendMessage({ ...message, body: seal(message.body) });
      return { ...result, message: open(result.message) };
    },
    async getMessage(id) {
      return openOrNull(await store.getMessage(id));
    },
    async listMessages(roomId, range) {
      return (await store.listMessages(roomId, range)).map(open);
    },
    async updateMessage(id, patch: MessagePatch) {
      const sealed = patch.body === undefined ? patch : { ...patch, body: seal(patch.body) };
      return openOrNull(await store.updateMessage(id, sealed));
    },
    async lastMessage(roomId) {
      return openOrNull(await store.lastMessage(roomId));
    },
    async listMessagesByAuthor(authorId, page) {
      return (await store.listMessagesByAuthor(authorId, page)).map(open);
    },
  };
  return { ...store, ...overrides, [WRAPPED]: true } as Store;
}
