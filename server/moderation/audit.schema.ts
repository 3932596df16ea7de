import { builder } from '../schema/builder.js';
import { globalId, localId, seqCursor, seqFromCursor } from '../schema/ids.js';
import { connectionOf, DEFAULT_PAGE, pageSize } from '../schema/pagination.js';
import type { AuditRecord } from '../store/store.js';
import { UserRef } from '../users/users.schema.js';
import { AUDIT_ACTIONS, type AuditAction, auditActionOf } from './audit-log.js';

const AuditActionEnum = builder.enumType('AuditAction', {
  description: 'What an audit entry records.',
  values: Object.fromEntries(
    Object.entries(AUDIT_ACTIONS).map(([name, a]) => [name, { description: a.description }]),
  ) as Record<AuditAction, { description: string }>,
});

/**
 * Audit entries are read only: no mutation of the API changes or removes one, and the store
 * has no method to (server/store/store.ts; SQLite triggers refuse it from anywhere else).
 */
const AuditEntryRef = builder.objectRef<AuditRecord>('AuditEntry').implement({
  description: 'One entry of the append-only audit log. Holds ids and counts, never message bodies or secrets.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the entry.', resolve: (e) => globalId('AuditEntry', e.id) }),
    at: t.expose('at', { type: 'DateTime', description: 'When it happened.' }),
    action: t.field({
      type: AuditActionEnum,
      nullable: true,
      description: 'What happened; null for an action this server version does not know.',
      resolve: (e) => auditActionOf(e.action),
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who acted; null for the system (the retention sweep).',
      resolve: (e, _args, ctx) => (e.actorId ? ctx.services.store.getUser(e.actorId) : null),
    }),
    targetUser: t.field({
      type: UserRef,
      nullable: true,
      description: 'Whom it was about, if anyone.',
      resolve: (e, _args, ctx) => (e.targetUserId ? ctx.services.store.getUser(e.targetUserId) : null),
    }),
    roomId: t.id({
      nullable: true,
      description: 'The room concerned (an id only: admins do not see SESSION rooms).',
      resolve: (e) => (e.roomId ? globalId('Room', e.roomId) : null),
    }),
    messageId: t.id({
      nullable: true,
      description: 'The message concerned, if any.',
      resolve: (e) => (e.messageId ? globalId('Message', e.messageId) : null),
    }),
    details: t.field({
      type: 'JSON',
      description: 'A small object of facts (roles, counts, durations, reasons given by staff).',
      resolve: (e) => e.details,
    }),
  }),
});

const AuditEntryConnection = builder.connectionObject({
  type: AuditEntryRef,
  name: 'AuditEntryConnection',
  description: 'A page of audit entries, newest first.',
});

builder.queryFields((t) => ({
  auditLog: t.connection(
    {
      type: AuditEntryRef,
      description: 'The audit log, newest first; every filter given must match. Admins only.',
      authScopes: { admin: true },
      args: {
        action: t.arg({ type: AuditActionEnum, required: false, description: 'Only entries of this action.' }),
        actorId: t.arg.id({ required: false, description: 'Only entries by this user.' }),
        roomId: t.arg.id({ required: false, description: 'Only entries about this room.' }),
        targetUserId: t.arg.id({ required: false, description: 'Only entries about this user.' }),
      },
      resolve: async (_root, args, ctx) => {
        const limit = pageSize(args.first, 'first') ?? DEFAULT_PAGE;
        // A filter id that names nothing of its type matches nothing (not an error, not "no filter").
        const ids = {
          actorId: args.actorId == null ? undefined : localId(String(args.actorId), 'User'),
          roomId: args.roomId == null ? undefined : localId(String(args.roomId), 'Room'),
          targetUserId: args.targetUserId == null ? undefined : localId(String(args.targetUserId), 'User'),
        };
        if (Object.values(ids).some((id) => id === null)) {
          return connectionOf<AuditRecord>([], () => '', { next: false, previous: Boolean(args.after) });
        }
        const rows = await ctx.services.moderation.auditLog({
          action: args.action,
          actorId: ids.actorId ?? undefined,
          roomId: ids.roomId ?? undefined,
          targetUserId: ids.targetUserId ?? undefined,
          beforeSeq: seqFromCursor(args.after) ?? undefined,
          limit: limit + 1,
        });
        return connectionOf(rows.slice(0, limit), (e) => seqCursor(e.seq), {
          next: rows.length > limit,
          previous: Boolean(args.after),
        });
      },
    },
    AuditEntryConnection,
  ),
}));
