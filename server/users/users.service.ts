import type { Viewer } from '../context.js';
import { notFound } from '../errors.js';
import type { Presence } from '../presence/presence.js';
import type { Role, Store, UserRecord } from '../store/store.js';

export class UsersService {
  constructor(
    private readonly store: Store,
    readonly presence: Presence,
  ) {}

  /** Users are visible to anyone signed in (handles and display names only: nothing private exists). */
  async find(viewer: Viewer | null, userId: string | null): Promise<UserRecord | null> {
    if (!viewer || !userId) return null;
    return this.store.getUser(userId);
  }

  async setRole(userId: string | null, role: Role): Promise<UserRecord> {
    const user = userId ? await this.store.updateUser(userId, { role }) : null;
    if (!user) throw notFound('User');
    return user;
  }

  directory(query: { search?: string | null; role?: Role | null; afterHandle?: string; limit: number }) {
    return this.store.searchUsers({
      search: query.search?.trim() || undefined,
      role: query.role ?? undefined,
      afterHandle: query.afterHandle,
      limit: query.limit,
    });
  }

  isOnline(userId: string): boolean {
    return this.presence.isOnline(userId);
  }
}
