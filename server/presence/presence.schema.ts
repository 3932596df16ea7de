import type { Context } from '../context.js';
import { notFound } from '../errors.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { UserRef } from '../users/users.schema.js';
import type { PresenceEventShape } from './room-presence.js';

/** Users in the order of `ids`, skipping any that no longer exist. */
async function usersIn(ids: readonly string[], ctx: Context) {
  if (ids.length === 0) return [];
  const byId = new Map((await ctx.services.store.getUsers(ids)).map((user) => [user.id, user]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const PresenceEventRef = builder.objectRef<PresenceEventShape>('PresenceEvent').implement({
  description:
    'Who in a room is online. The first event is a snapshot: `online` lists every member online. ' +
    'After it, changes are coalesced per room over a 300 ms window: at most one event per window, ' +
    'only when something changed, listing who came online and who went offline (someone who left and ' +
    'came back inside the window is no news). With several instances, a user whose last socket closed ' +
    'stays online for a grace period of about 10 s, so a reconnect to another instance is never seen. ' +
    'Users hiding their presence never appear online.',
  fields: (t) => ({
    room: t.field({
      type: RoomRef,
      description: 'The room.',
      resolve: async (event, _args, ctx) =>
        (await ctx.services.store.getRoom(event.roomId)) ?? Promise.reject(notFound('Room')),
    }),
    snapshot: t.exposeBoolean('snapshot', {
      description: 'True for the first event: `online` is the complete set and replaces what the client had.',
    }),
    online: t.field({
      type: [UserRef],
      description: 'Snapshot: every member online. Otherwise: members who came online since the previous event.',
      resolve: (event, _args, ctx) => usersIn(event.online, ctx),
    }),
    offline: t.field({
      type: [UserRef],
      description: 'Members who went offline (or left the room) since the previous event; empty in a snapshot.',
      resolve: (event, _args, ctx) => usersIn(event.offline, ctx),
    }),
  }),
});

builder.objectField(UserRef, 'presenceHidden', (t) =>
  t.boolean({
    nullable: true,
    description: 'Whether the viewer hides their presence (see setPresenceHidden); null for anyone else.',
    resolve: (user, _args, ctx) => (ctx.viewer?.user.id === user.id ? ctx.services.presence.isHidden(user.id) : null),
  }),
);

builder.mutationFields((t) => ({
  setPresenceHidden: t.field({
    type: UserRef,
    description:
      "Hides (or shows again) the viewer's presence: while hidden, `online` is false and `presence` never lists " +
      'them, for everyone. Students and guests only; anyone may pass false.',
    authScopes: { signedIn: true },
    args: { hidden: t.arg.boolean({ required: true, description: 'True to appear offline to everyone.' }) },
    resolve: (_root, args, ctx) => ctx.services.presence.setHidden(ctx.viewer!, args.hidden),
  }),
}));

builder.subscriptionFields((t) => ({
  presence: t.field({
    type: PresenceEventRef,
    description:
      'Who in a room is online: a snapshot, then coalesced changes (see PresenceEvent). Members only; ends when ' +
      'the viewer leaves the room.',
    authScopes: { signedIn: true },
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    subscribe: async (_root, args, ctx) => {
      const room = await ctx.services.rooms.requireMember(ctx.viewer, localId(String(args.roomId), 'Room'));
      return ctx.services.presence.watch(ctx, room.id);
    },
    resolve: (event) => event,
  }),
}));
