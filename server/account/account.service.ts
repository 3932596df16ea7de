import argon2 from 'argon2';
import { canDeleteAccountOf, canDeleteOwnAccount } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import { reasonText } from '../moderation/moderation-rules.js';
import { announceTombstones, MAX_ANNOUNCED_TOMBSTONES } from '../moderation/tombstones.js';
import type { PubSub } from '../pubsub.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { MessageRecord, Store, UserRecord } from '../store/store.js';
import { DELETED_DISPLAY_NAME } from './deleted-user.js';
import { exportUserData } from './export.js';

export type UserExport = Awaited<ReturnType<typeof exportUserData>>;

const PAGE = 500;

/** Data rights: a user downloads or deletes what the product holds about them; admins do it on request. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
    private readonly rooms: RoomsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async exportMine(viewer: Viewer): Promise<UserExport> {
    return this.exportAudited(viewer, viewer.user);
  }

  /** Admins only (the resolver's scope). */
  async exportFor(viewer: Viewer, userId: string | null): Promise<UserExport> {
    const user = userId ? await this.store.getUser(userId) : null;
    if (!user) throw notFound('User');
    return this.exportAudited(viewer, user);
  }

  /** Accounts with a password confirm with it; guests and portal users type their handle. */
  async deleteMine(viewer: Viewer, proof: { password?: string | null; confirmHandle?: string | null }) {
    if (!canDeleteOwnAccount(viewer)) {
      throw forbidden('An administrator account is deleted by another administrator, after a change of role.');
    }
    const { user } = viewer;
    if (user.passwordHash) {
      if (!proof.password) throw badInput('Give your password to delete your account.', 'password');
      const ok = await argon2.verify(user.passwordHash, proof.password).catch(() => false);
      if (!ok) throw forbidden('That password is not right.');
    } else if (proof.confirmHandle?.trim().toLowerCase() !== user.handle) {
      throw badInput('Type your handle to confirm the deletion.', 'confirmHandle');
    }
    await this.erase(viewer, user, {});
    return true;
  }

  /** Admins only (the resolver's scope), on the user's request: the reason is kept in the audit log. */
  async deleteFor(viewer: Viewer, userId: string | null, rawReason: string): Promise<boolean> {
    const reason = reasonText(rawReason, 'reason', true)!;
    const user = userId ? await this.store.getUser(userId) : null;
    if (!user || user.deletedAt) throw notFound('User');
    if (!canDeleteAccountOf(viewer, user)) {
      throw forbidden('Admins cannot delete their own account or another admin’s here; change the role first.');
    }
    await this.erase(viewer, user, { reason });
    return true;
  }

  private async exportAudited(viewer: Viewer, user: UserRecord): Promise<UserExport> {
    const data = await exportUserData(this.store, user, this.now());
    await recordAudit(this.store, 'ACCOUNT_EXPORT', { actorId: viewer.user.id, targetUserId: user.id });
    return data;
  }

  /**
   * Sessions first (no new request can act as the user; their sockets close), then the
   * record (credentials gone, shown as "Deleted user", handle held until the sweep releases
   * it), memberships, messages (tombstones), and key material.
   */
  private async erase(viewer: Viewer, user: UserRecord, extra: { reason?: string }): Promise<void> {
    const { store, pubsub } = this;
    const at = this.now();
    const tokenHashes = await store.revokeUserSessions(user.id);
    for (const tokenHash of tokenHashes) pubsub.publish('session', tokenHash, { type: 'revoked' });
    await store.updateUser(user.id, {
      displayName: DELETED_DISPLAY_NAME,
      passwordHash: null,
      portalSubjectHash: null,
      deletedAt: at,
    });
    const roomIds = await store.listMemberRoomIds(user.id);
    for (const roomId of roomIds) {
      const room = await store.getRoom(roomId);
      if (room) await this.rooms.dropMember(room, user.id);
    }
    const messages = await store.tombstoneMessagesByAuthor(user.id, at);
    if (messages > 0) await this.announce(user.id, at);
    await store.deleteUserKeyMaterial(user.id);
    await recordAudit(store, 'ACCOUNT_DELETE', {
      actorId: viewer.user.id,
      targetUserId: user.id,
      details: { sessions: tokenHashes.length, memberships: roomIds.length, messages, ...extra },
    });
  }

  /** Live readers see the newest tombstones at once (bounded; the rest on their next load of history). */
  private async announce(userId: string, at: Date): Promise<void> {
    const newest: MessageRecord[] = [];
    for (let after: { createdAt: Date; id: string } | undefined; ; ) {
      const page = await this.store.listMessagesByAuthor(userId, { after, limit: PAGE });
      for (const message of page) {
        if (message.deletedAt?.getTime() !== at.getTime()) continue;
        newest.push(message);
        if (newest.length > MAX_ANNOUNCED_TOMBSTONES) newest.shift();
      }
      if (page.length < PAGE) break;
      after = { createdAt: page[page.length - 1].createdAt, id: page[page.length - 1].id };
    }
    announceTombstones(this.pubsub, newest, at);
  }
}
