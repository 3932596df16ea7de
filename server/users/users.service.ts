import { RELEASED_HANDLE_PREFIX } from '../account/deleted-user.js';
import type { Viewer } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import type { PresenceService } from '../presence/presence.service.js';
import type { Role, Store, UserRecord } from '../store/store.js';

export class UsersService {
  constructor(
    private readonly store: Store,
    readonly presence: PresenceService,
  ) {}

  /** Users are visible to anyone signed in (handles and display names only: nothing private exists). */
  async find(viewer: Viewer | null, userId: string | null): Promise<UserRecord | null> {
    if (!viewer || !userId) return null;
    return this.store.getUser(userId);
  }

  async setRole(viewer: Viewer, userId: string | null, role: Role): Promise<UserRecord> {
    const before = userId ? await this.store.getUser(userId) : null;
    if (!before || before.deletedAt) throw notFound('User');
    // Another admin must do it: so no slip locks the school out, and the last admin always stays one.
    if (before.id === viewer.user.id && role !== before.role) {
      throw forbidden('An administrator’s role is changed by another administrator.');
    }
    // Only admins may be safeguarding leads: a demotion ends the designation too.
    const patch = role === 'ADMIN' ? { role } : { role, safeguardingLead: false };
    const user = await this.store.updateUser(before.id, patch);
    if (!user) throw notFound('User');
    if (before.role !== role) {
      const details = { from: before.role, to: role };
      await recordAudit(this.store, 'ROLE_CHANGE', { actorId: viewer.user.id, targetUserId: user.id, details });
    }
    return user;
  }

  /** Like the store's search, without deleted accounts (they are "Deleted user", not people to find). */
  async directory(query: { search?: string | null; role?: Role | null; afterHandle?: string; limit: number }) {
    const found: UserRecord[] = [];
    let afterHandle = query.afterHandle;
    // Deleted accounts still holding their handle are few; refill the page past them.
    for (;;) {
      const page = await this.store.searchUsers({
        search: query.search?.trim() || undefined,
        role: query.role ?? undefined,
        afterHandle,
        limit: query.limit,
      });
      found.push(...page.filter((user) => !user.deletedAt));
      if (page.length < query.limit || found.length >= query.limit) return found.slice(0, query.limit);
      const last = page[page.length - 1].handle;
      // Released handles all start with `deleted-` and belong to deleted accounts: skip them in one step.
      afterHandle = last.startsWith(RELEASED_HANDLE_PREFIX) ? `${RELEASED_HANDLE_PREFIX}~` : last;
    }
  }

  /** An open socket on any instance, and not hiding their presence. */
  isOnline(userId: string): Promise<boolean> {
    return this.presence.isOnline(userId);
  }
}
