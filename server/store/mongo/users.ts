import type { QueryFilter } from 'mongoose';
import type { UserMethods } from '../method-groups.js';
import type { Models, UserDoc } from './models.js';
import { findRecord, parseId, parseIds, requireId, toSession, toUser, updateRecord } from './records.js';
import { asConflict } from './write-errors.js';

/**
 * Makes any text match itself literally inside a regular expression. A NUL becomes the escape
 * `\x00`: the server refuses a pattern holding the character itself.
 */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\0/g, '\\x00');

/** Users and their sessions. Handles are stored lowercase and looked up lowercase. */
export function userMethods({ User, Session }: Models): UserMethods {
  return {
    async createUser(input) {
      const user = await asConflict(
        User.create({
          handle: input.handle.toLowerCase(),
          displayName: input.displayName,
          role: input.role,
          passwordHash: input.passwordHash ?? null,
          portalSubjectHash: input.portalSubjectHash ?? null,
        }),
      );
      return toUser(user.toObject());
    },

    getUser: (id) => findRecord(User, id, toUser),

    async getUsers(ids) {
      const wanted = parseIds(ids);
      if (wanted.length === 0) return [];
      const docs = await User.find({ _id: { $in: wanted } }).lean();
      const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toUser(doc)]));
      // In the order asked for, each once, missing ones left out.
      return wanted.flatMap((id) => byId.get(id.toHexString()) ?? []);
    },

    async getUserByHandle(handle) {
      const doc = await User.findOne({ handle: handle.toLowerCase() }).lean();
      return doc ? toUser(doc) : null;
    },

    async getUserByPortalSubject(subjectHash) {
      // The $type clause restates the partial index's filter so the planner may use it.
      const doc = await User.findOne({ portalSubjectHash: { $eq: subjectHash, $type: 'string' } }).lean();
      return doc ? toUser(doc) : null;
    },

    updateUser: (id, patch) =>
      asConflict(
        updateRecord(
          User,
          id,
          {
            displayName: patch.displayName,
            role: patch.role,
            safeguardingLead: patch.safeguardingLead,
            handle: patch.handle?.toLowerCase(),
            passwordHash: patch.passwordHash,
            portalSubjectHash: patch.portalSubjectHash,
            deletedAt: patch.deletedAt,
          },
          toUser,
        ),
      ),

    async listSafeguardingLeads() {
      // Matches the partial index's filter exactly; documents without the field are no leads.
      const docs = await User.find({ safeguardingLead: true }).sort({ handle: 1 }).lean();
      return docs.map(toUser);
    },

    async listDeletedUsersHoldingHandles(before) {
      // Released handles are renamed 'deleted-<id>' by the service (see Store). The $type
      // clause restates the partial index's filter so the planner may use it.
      const docs = await User.find({ deletedAt: { $lt: before, $type: 'date' }, handle: { $not: /^deleted-/ } })
        .sort({ deletedAt: 1, _id: 1 })
        .lean();
      return docs.map(toUser);
    },

    async searchUsers(query) {
      const limit = Math.floor(query.limit);
      if (query.role === 'GUEST' || !(limit > 0)) return [];
      const filter: QueryFilter<UserDoc> = { role: query.role ?? { $ne: 'GUEST' } };
      if (query.afterHandle !== undefined) filter.handle = { $gt: query.afterHandle.toLowerCase() };
      if (query.search) {
        filter.$or = [
          // Handles are lowercase, so a case-sensitive anchored prefix is both correct and
          // a tight range on the handle index (an /i regex could not use its bounds).
          { handle: { $regex: `^${escapeRegex(query.search.toLowerCase())}` } },
          { displayName: { $regex: escapeRegex(query.search), $options: 'i' } },
        ];
      }
      const docs = await User.find(filter).sort({ handle: 1 }).limit(limit).lean();
      return docs.map(toUser);
    },

    async createSession(input) {
      const session = await asConflict(
        Session.create({
          tokenHash: input.tokenHash,
          userId: requireId(input.userId, 'user'),
          expiresAt: input.expiresAt,
        }),
      );
      return toSession(session.toObject());
    },

    async getSession(tokenHash) {
      // $eq: a token hash is only ever compared, never read as query operators.
      const doc = await Session.findOne({ tokenHash: { $eq: tokenHash } }).lean();
      return doc ? toSession(doc) : null;
    },

    async revokeSession(tokenHash) {
      // Only the call that flips revokedAt from null on a live (unexpired) session reports true.
      const now = new Date();
      const result = await Session.updateOne(
        { tokenHash: { $eq: tokenHash }, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { revokedAt: now } },
      );
      return result.modifiedCount === 1;
    },

    async revokeUserSessions(userId) {
      const user = parseId(userId);
      if (!user) return [];
      const now = new Date();
      const live = { revokedAt: null, expiresAt: { $gt: now } };
      const sessions = await Session.find({ userId: user, ...live }, { tokenHash: 1, _id: 0 }).lean();
      // One conditional update per session (a user has few), so only the hashes this call
      // flipped are returned, however it interleaves with revokeSession or another call.
      const revoked = await Promise.all(
        sessions.map(async ({ tokenHash }) => {
          const result = await Session.updateOne({ tokenHash, ...live }, { $set: { revokedAt: now } });
          return result.modifiedCount === 1 ? [tokenHash] : [];
        }),
      );
      return revoked.flat();
    },
  };
}
