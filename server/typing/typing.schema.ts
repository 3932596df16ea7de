import { notFound } from '../errors.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { perEvent } from '../subscriptions/per-event.js';
import { roomStream } from '../subscriptions/room-stream.js';
import { UserRef } from '../users/users.schema.js';

interface TypingEventShape {
  roomId: string;
  userId: string;
  typing: boolean;
}

const TypingEventRef = builder.objectRef<TypingEventShape>('TypingEvent').implement({
  description: 'Someone started or stopped typing. Typing stops by itself 6 seconds after the last setTyping(true).',
  fields: (t) => ({
    room: t.field({
      type: RoomRef,
      description: 'The room.',
      resolve: async (e, _args, ctx) =>
        (await ctx.services.store.getRoom(e.roomId)) ?? Promise.reject(notFound('Room')),
    }),
    user: t.field({
      type: UserRef,
      description: 'Who is typing.',
      resolve: async (e, _args, ctx) => (await ctx.loaders.user.load(e.userId)) ?? Promise.reject(notFound('User')),
    }),
    typing: t.exposeBoolean('typing', { description: 'True while typing.' }),
  }),
});

builder.mutationFields((t) => ({
  setTyping: t.boolean({
    description: 'Says the viewer is (or stopped) typing in a room. Members only.',
    authScopes: { signedIn: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      typing: t.arg.boolean({ required: true, description: 'True while typing.' }),
    },
    resolve: async (_root, args, ctx) => {
      await ctx.services.limits.typing(ctx.viewer!.user.id);
      return ctx.services.typing.setTyping(ctx.viewer!, localId(String(args.roomId), 'Room'), args.typing);
    },
  }),
}));

// One object per event for all subscribers: they then share one execution (server/execution/).
const typingEventOf = perEvent(
  (event: { userId: string; typing: boolean }, roomId: string): TypingEventShape => ({
    roomId,
    userId: event.userId,
    typing: event.typing,
  }),
);

builder.subscriptionFields((t) => ({
  typing: t.field({
    type: TypingEventRef,
    description: "Others' typing in a room (never the viewer's own). Members only.",
    authScopes: { signedIn: true },
    args: { roomId: t.arg.id({ required: true, description: 'The room.' }) },
    subscribe: async (_root, args, ctx) => {
      const room = await ctx.services.rooms.requireMember(ctx.viewer, localId(String(args.roomId), 'Room'));
      const viewerId = ctx.viewer?.user.id;
      return roomStream(ctx, room.id, (event) =>
        event.type === 'typing' && event.userId !== viewerId ? typingEventOf(event, room.id) : null,
      );
    },
    resolve: (event) => event,
  }),
}));
