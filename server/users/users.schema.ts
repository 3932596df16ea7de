import { shownHandle } from '../account/deleted-user.js';
import { builder, RoleEnum } from '../schema/builder.js';
import { keyCursor, keyFromCursor, localId } from '../schema/ids.js';
import { connectionOf, DEFAULT_PAGE, pageSize } from '../schema/pagination.js';
import type { UserRecord } from '../store/store.js';

export const UserRef = builder.objectRef<UserRecord>('User');

builder.node(UserRef, {
  description: 'A person (or anonymous guest). No email, no phone number: only a handle and a display name.',
  id: { resolve: (user) => user.id },
  loadOne: (id, ctx) => ctx.services.users.find(ctx.viewer, id),
  fields: (t) => ({
    handle: t.string({
      description: 'Unique, 3-32 characters of a-z 0-9 _ . - (a deleted account shows `deleted-<id>`).',
      resolve: (user) => shownHandle(user),
    }),
    displayName: t.exposeString('displayName', { description: 'What others see: 1-64 characters.' }),
    role: t.expose('role', { type: RoleEnum, description: 'What the user may do.' }),
    online: t.boolean({
      description:
        'True while the user has the chat open on any server instance (with several instances, also for a ' +
        'grace period of about 10 s after their last socket closes, so a reconnect is not seen); always ' +
        'false for a user who hides their presence.',
      resolve: (user, _args, ctx) => ctx.services.users.isOnline(user.id),
    }),
  }),
});

export const UserConnection = builder.connectionObject({
  type: UserRef,
  name: 'UserConnection',
  description: 'A page of users.',
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user; null when signed out.',
    resolve: (_root, _args, ctx) => ctx.viewer?.user ?? null,
  }),
  directory: t.connection(
    {
      type: UserRef,
      description: 'Students, mentors and admins, by handle; for signed-in non-guests. Guests never appear.',
      authScopes: { member: true },
      args: {
        search: t.arg.string({ required: false, description: 'Handle prefix or part of a display name.' }),
        role: t.arg({ type: RoleEnum, required: false, description: 'Only users with this role.' }),
      },
      resolve: async (_root, args, ctx) => {
        const limit = pageSize(args.first, 'first') ?? DEFAULT_PAGE;
        const users = await ctx.services.users.directory({
          search: args.search,
          role: args.role,
          afterHandle: keyFromCursor(args.after),
          limit: limit + 1,
        });
        return connectionOf(users.slice(0, limit), (u) => keyCursor(u.handle), {
          next: users.length > limit,
          previous: Boolean(args.after),
        });
      },
    },
    UserConnection,
  ),
}));

builder.mutationFields((t) => ({
  setUserRole: t.field({
    type: UserRef,
    description: 'Changes a user role. Admins only.',
    authScopes: { admin: true },
    args: {
      userId: t.arg.id({ required: true, description: 'The user.' }),
      role: t.arg({ type: RoleEnum, required: true, description: 'The new role.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.users.setRole(ctx.viewer!, localId(String(args.userId), 'User'), args.role),
  }),
}));
