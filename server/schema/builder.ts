import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from '../context.js';
import { AppError } from '../errors.js';
import type { Role, RoomKind } from '../store/store.js';

/** Role-level scopes. Room-level rules live in auth/policy.ts, next to the data they need. */
export interface AuthScopes {
  signedIn: boolean;
  /** Signed in with a real account: students, mentors and admins, not guests. */
  member: boolean;
  mentor: boolean;
  admin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: never; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Subscriptions are authorized at subscribe time by scopes, then per event in the domain code.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      const role: Role | undefined = ctx.viewer?.user.role;
      return {
        signedIn: Boolean(role),
        member: role !== undefined && role !== 'GUEST',
        mentor: role === 'MENTOR',
        admin: role === 'ADMIN',
      };
    },
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new AppError('FORBIDDEN', 'Your role does not allow that.')
        : new AppError('UNAUTHENTICATED', 'Sign in to do that.'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    // Our own node(id:) lives in nodes/node.schema.ts (malformed ids answer null).
    nodeQueryOptions: false,
    idFieldOptions: { description: 'Global id (Relay); pass it back wherever an ID is asked for.' },
    nodeTypeOptions: { description: 'An object with a global id, refetchable with `node(id:)`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection (Relay).' },
    hasNextPageFieldOptions: { description: 'True when more items follow the last edge.' },
    hasPreviousPageFieldOptions: { description: 'True when more items precede the first edge.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.' },
    pageInfoFieldOptions: { description: 'Paging state.' },
    cursorFieldOptions: { description: 'Opaque position of this item.' },
    nodeFieldOptions: { description: 'The item.' },
    firstArgOptions: { description: 'At most this many items from the start (max 100).' },
    lastArgOptions: { description: 'At most this many items from the end (max 100).' },
    afterArgOptions: { description: 'Only items after this cursor.' },
    beforeArgOptions: { description: 'Only items before this cursor.' },
    defaultEdgeTypeOptions: { description: 'An item with its cursor.' },
    defaultConnectionTypeOptions: { description: 'A page of items (Relay connection).' },
  },
});

builder.queryType({ description: 'Reads.' });
builder.mutationType({ description: 'Writes.' });
builder.subscriptionType({ description: 'Live events over graphql-ws.' });

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  // Events that crossed Redis carry dates as strings: accept both.
  serialize: (value) => new Date(value as Date | string).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new AppError('BAD_USER_INPUT', 'Not a valid DateTime.');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'A JSON value (an object, for data exports). Output only.',
  serialize: (value) => value,
  parseValue: () => {
    throw new AppError('BAD_USER_INPUT', 'JSON values are output only.');
  },
});

export const RoleEnum = builder.enumType('Role', {
  description: 'What a user may do; see the permission table in the README.',
  values: {
    STUDENT: { description: 'A learner; new accounts start here.' },
    MENTOR: { description: 'Staff who mentor students and may open private rooms and sessions.' },
    ADMIN: { description: 'Runs the deployment: public rooms, roles, moderation.' },
    GUEST: { description: 'Anonymous visitor; may only use public rooms that allow guests.' },
  } as const satisfies Record<Role, unknown>,
});

export const RoomKindEnum = builder.enumType('RoomKind', {
  description: 'Who can see a room.',
  values: {
    PUBLIC: { description: 'Listed to everyone signed in; anyone allowed may join.' },
    PRIVATE: { description: 'Visible to its members only.' },
    SESSION: { description: 'A one-to-one mentoring session, end-to-end encrypted.' },
  } as const satisfies Record<RoomKind, unknown>,
});
