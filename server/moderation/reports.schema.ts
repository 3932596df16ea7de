import { MessageRef } from '../messages/messages.schema.js';
import { builder } from '../schema/builder.js';
import { globalId, keyCursor, keyFromCursor, localId } from '../schema/ids.js';
import { messageById, userById } from '../schema/load.js';
import { connectionOf, DEFAULT_PAGE, pageSize } from '../schema/pagination.js';
import type { ReportRecord, ReportStatus } from '../store/store.js';
import { UserRef } from '../users/users.schema.js';

const ReportStatusEnum = builder.enumType('ReportStatus', {
  description: 'Where a report is in the queue.',
  values: {
    OPEN: { description: 'Waiting for an admin.' },
    RESOLVED: { description: 'An admin acted on it.' },
    DISMISSED: { description: 'An admin found nothing to act on.' },
  } as const satisfies Record<ReportStatus, unknown>,
});

const ReportOutcomeEnum = builder.enumType('ReportOutcome', {
  description: 'How an admin closes a report.',
  values: {
    RESOLVED: { description: 'Acted on (deleted the message, muted or removed someone, …).' },
    DISMISSED: { description: 'Nothing to act on.' },
  } as const,
});

export const ReportRef = builder.objectRef<ReportRecord>('Report').implement({
  description:
    'A member reported a message to the admins. Reporting shares that message (and its room name) with the admins.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the report.', resolve: (r) => globalId('Report', r.id) }),
    message: t.field({
      type: MessageRef,
      description: 'The reported message (a tombstone if it was deleted since; ciphertext in encrypted rooms).',
      resolve: (r, _args, ctx) => messageById(ctx, r.messageId),
    }),
    reporter: t.field({
      type: UserRef,
      description: 'Who reported it.',
      resolve: (r, _args, ctx) => userById(ctx, r.reporterId),
    }),
    reason: t.exposeString('reason', { description: "The reporter's reason, 1-500 characters." }),
    status: t.expose('status', { type: ReportStatusEnum, description: 'Open, resolved or dismissed.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was reported.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it was closed.' }),
    resolvedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'The admin who closed it.',
      resolve: (r, _args, ctx) => (r.resolvedBy ? ctx.services.store.getUser(r.resolvedBy) : null),
    }),
    resolution: t.exposeString('resolution', { nullable: true, description: "The admin's note, if any." }),
  }),
});

const ReportConnection = builder.connectionObject({
  type: ReportRef,
  name: 'ReportConnection',
  description: 'A page of reports, oldest first.',
});

builder.queryFields((t) => ({
  reports: t.connection(
    {
      type: ReportRef,
      description: 'The report queue, oldest first. Admins only.',
      authScopes: { admin: true },
      args: {
        status: t.arg({ type: ReportStatusEnum, required: false, description: 'Only reports in this state.' }),
      },
      resolve: async (_root, args, ctx) => {
        const limit = pageSize(args.first, 'first') ?? DEFAULT_PAGE;
        const rows = await ctx.services.reports.list({
          status: args.status,
          afterId: keyFromCursor(args.after),
          limit: limit + 1,
        });
        return connectionOf(rows.slice(0, limit), (r) => keyCursor(r.id), {
          next: rows.length > limit,
          previous: Boolean(args.after),
        });
      },
    },
    ReportConnection,
  ),
}));

builder.mutationFields((t) => ({
  reportMessage: t.field({
    type: ReportRef,
    description: "Reports someone else's message to the admins. Members of the message's room only.",
    authScopes: { signedIn: true },
    args: {
      messageId: t.arg.id({ required: true, description: 'The message.' }),
      reason: t.arg.string({ required: true, description: 'Why, in 1 to 500 characters.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.reports.report(ctx.viewer!, localId(String(args.messageId), 'Message'), args.reason),
  }),
  resolveReport: t.field({
    type: ReportRef,
    description: 'Closes an open report; a closed one answers CONFLICT. Admins only.',
    authScopes: { admin: true },
    args: {
      id: t.arg.id({ required: true, description: 'The report.' }),
      status: t.arg({ type: ReportOutcomeEnum, required: true, description: 'RESOLVED or DISMISSED.' }),
      resolution: t.arg.string({ required: false, description: 'A note for the record; at most 500 characters.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.reports.resolve(ctx.viewer!, localId(String(args.id), 'Report'), args.status, args.resolution),
  }),
}));
