import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';

const EXPORT_SHAPE =
  'JSON {format: "mentor-chat/export/v1", exportedAt, profile, memberships, messages (ciphertext stays ' +
  'ciphertext), receipts, devices (public keys), keyBackup (sealed)}';

builder.queryFields((t) => ({
  exportMyData: t.field({
    type: 'JSON',
    description: `Everything the product holds about the viewer, to download: ${EXPORT_SHAPE}. Nothing of other users.`,
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => ctx.services.account.exportMine(ctx.viewer!),
  }),
  exportUserData: t.field({
    type: 'JSON',
    description: `A user's export, made by an admin on their request (audited): ${EXPORT_SHAPE}. Admins only.`,
    authScopes: { admin: true },
    args: { userId: t.arg.id({ required: true, description: 'The user.' }) },
    resolve: (_root, args, ctx) => ctx.services.account.exportFor(ctx.viewer!, localId(String(args.userId), 'User')),
  }),
}));

builder.mutationFields((t) => ({
  deleteMyAccount: t.boolean({
    description:
      "Deletes the viewer's account: every session ends (sockets close), devices and key material go, memberships " +
      'end, messages become tombstones by "Deleted user"; the handle is held for ACCOUNT_HANDLE_GRACE_DAYS, then ' +
      'released. Accounts with a password give it; guests and portal users type their handle. Not for admins.',
    authScopes: { signedIn: true },
    args: {
      password: t.arg.string({ required: false, description: "The account's password (accounts that have one)." }),
      confirmHandle: t.arg.string({
        required: false,
        description: 'The viewer’s handle (accounts without a password).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      // A password guess costs what a sign-in attempt costs.
      if (args.password) await ctx.services.limits.authAttempt(ctx.ip);
      return ctx.services.account.deleteMine(ctx.viewer!, args);
    },
  }),
  deleteUserAccount: t.boolean({
    description:
      "Deletes a user's account on their request, as deleteMyAccount does; the reason goes to the audit log. Admins " +
      'only; not for admins (change the role first) nor for oneself.',
    authScopes: { admin: true },
    args: {
      userId: t.arg.id({ required: true, description: 'The user.' }),
      reason: t.arg.string({ required: true, description: 'Why (the request), 1 to 500 characters.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.account.deleteFor(ctx.viewer!, localId(String(args.userId), 'User'), args.reason),
  }),
}));
