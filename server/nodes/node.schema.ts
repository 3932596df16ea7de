import { brandWithType } from '@pothos/core';
import { MessageRef } from '../messages/messages.schema.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { UserRef } from '../users/users.schema.js';

/**
 * `node(id:)` resolves here rather than through the relay plugin's decoder, so that a
 * malformed or foreign id answers null (like a missing one) instead of an error.
 */
builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Fetches any object by its global id; null when it is missing or not visible to the viewer.',
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true, description: 'A global id.' }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      const candidates = [
        [UserRef, localId(id, 'User'), (key: string) => ctx.services.users.find(ctx.viewer, key)],
        [RoomRef, localId(id, 'Room'), (key: string) => ctx.services.rooms.find(ctx.viewer, key)],
        [MessageRef, localId(id, 'Message'), (key: string) => ctx.services.messages.find(ctx.viewer, key)],
      ] as const;
      for (const [ref, key, load] of candidates) {
        if (!key) continue;
        const found = await load(key);
        if (found) brandWithType(found, ref);
        return found;
      }
      return null;
    },
  }),
);
