/** The part of the Web Storage API the widget uses (sessionStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Every key the widget writes starts with this, so sign-out can find and remove them all. */
export const KEY_PREFIX = 'mentor-chat:';

/**
 * What the widget keeps in the tab for one server: the session token, drafts, unsent
 * messages and the open room. All of it is the signed-in user's and goes on sign-out.
 * Storage can throw (quota, privacy modes): the widget then simply keeps less.
 */
export class ChatStorage {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly scope: string,
  ) {}

  private key(name: string): string {
    return `${KEY_PREFIX}${this.scope}:${name}`;
  }

  read<T>(name: string, fallback: T): T {
    try {
      const raw = this.storage?.getItem(this.key(name));
      return raw ? (JSON.parse(raw) as T) : fallback;
    } catch {
      return fallback;
    }
  }

  write(name: string, value: unknown): void {
    try {
      if (value === null || value === undefined || value === '') this.storage?.removeItem(this.key(name));
      else this.storage?.setItem(this.key(name), JSON.stringify(value));
    } catch {
      // Full or unavailable storage only costs persistence across reloads.
    }
  }
}

/** Removes every widget key (all servers, all users) from the given storages. */
export function clearWidgetStorage(...storages: (KeyValueStorage | null)[]): void {
  for (const storage of storages) {
    if (!storage) continue;
    try {
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(KEY_PREFIX)) keys.push(key);
      }
      for (const key of keys) storage.removeItem(key);
    } catch {
      // Nothing stored, nothing to clear.
    }
  }
}

/** A storage scope per server, so two widgets for two servers never mix their data. */
export function scopeFor(endpoint: string): string {
  let hash = 0;
  for (const ch of endpoint) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}
