import DataLoader from 'dataloader';
import type { Store, UserRecord } from '../store/store.js';

/** Batching loaders for one request, or for one shared subscription execution. */
export interface Loaders {
  /** Users by id, null when missing: every author, reader and typist of one result in one query. */
  user: DataLoader<string, UserRecord | null>;
}

export function createLoaders(store: Pick<Store, 'getUsers'>): Loaders {
  return {
    user: new DataLoader(async (ids) => {
      const byId = new Map((await store.getUsers(ids)).map((user) => [user.id, user]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
