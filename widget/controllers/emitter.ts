type Listeners = Record<string, (...args: any[]) => void>;

/** A tiny typed emitter: controllers listen to the session without knowing each other. */
export class Emitter<T extends Listeners> {
  private readonly listeners = new Map<keyof T, Set<T[keyof T]>>();

  on<K extends keyof T>(name: K, listener: T[K]): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof T>(name: K, ...args: Parameters<T[K]>): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) listener(...args);
  }
}

/** Web Storage when the page allows it (sandboxed frames throw on access), else null. */
export function browserStorage(kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}
