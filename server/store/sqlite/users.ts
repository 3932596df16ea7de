import { randomUUID } from 'node:crypto';
import type { UserMethods } from '../method-groups.js';
import { withConflicts } from './conflicts.js';
import { patchParams } from './patch.js';
import { one, toSession, toUser } from './rows.js';
import { type Sqlite, USER_PATCH } from './statements.js';

/** Users and their sessions. Handles are stored lowercase (and compared without case). */
export function userMethods({ q }: Sqlite): UserMethods {
  return {
    async createUser(user) {
      const row = withConflicts(() =>
        q.insertUser.get({
          id: randomUUID(),
          handle: user.handle.toLowerCase(),
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash ?? null,
          portal_subject_hash: user.portalSubjectHash ?? null,
          safeguarding_lead: 0,
          created_at: Date.now(),
          deleted_at: null,
        }),
      );
      return toUser(row!);
    },
    async getUser(id) {
      return one(q.userById.get(id), toUser);
    },
    async getUsers(ids) {
      return q.usersByIds.all(JSON.stringify(ids)).map(toUser);
    },
    async getUserByHandle(handle) {
      return one(q.userByHandle.get(handle), toUser);
    },
    async getUserByPortalSubject(subjectHash) {
      return one(q.userByPortalSubject.get(subjectHash), toUser);
    },
    async updateUser(id, patch) {
      const fields = { ...patch, handle: patch.handle?.toLowerCase() };
      return one(
        withConflicts(() => q.updateUser.get({ id, ...patchParams(fields, USER_PATCH) })),
        toUser,
      );
    },
    async listSafeguardingLeads() {
      return q.safeguardingLeads.all().map(toUser);
    },
    async listDeletedUsersHoldingHandles(before) {
      return q.deletedUsersHoldingHandles.all(before.getTime()).map(toUser);
    },
    async searchUsers(query) {
      const folded = query.search ? query.search.toLowerCase() : null;
      return q.searchUsers
        .all({
          role: query.role ?? null,
          folded,
          handlePattern: folded === null ? null : `${folded.replace(/[\\%_]/g, '\\$&')}%`,
          afterHandle: query.afterHandle?.toLowerCase() ?? null,
          limit: query.limit,
        })
        .map(toUser);
    },

    async createSession(session) {
      const row = withConflicts(() =>
        q.insertSession.get({
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: Date.now(),
          expires_at: session.expiresAt.getTime(),
          revoked_at: null,
        }),
      );
      return toSession(row!);
    },
    async getSession(tokenHash) {
      return one(q.sessionByToken.get(tokenHash), toSession);
    },
    async revokeSession(tokenHash) {
      return q.revokeSession.run({ tokenHash, now: Date.now() }).changes === 1;
    },
    async revokeUserSessions(userId) {
      return q.revokeUserSessions.all({ userId, now: Date.now() });
    },
  };
}
