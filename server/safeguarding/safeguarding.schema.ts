import { isSafeguardingLead } from '../auth/policy.js';
import { DeviceRef } from '../e2e/e2e.schema.js';
import { RoomRef } from '../rooms/rooms.schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { UserRef } from '../users/users.schema.js';

builder.objectFields(UserRef, (t) => ({
  safeguardingLead: t.boolean({
    description: "True for the school's designated safeguarding lead (an ADMIN who may open sessions for review).",
    resolve: (user) => isSafeguardingLead(user),
  }),
}));

builder.objectFields(RoomRef, (t) => ({
  safeguardingReviewers: t.field({
    type: [UserRef],
    description:
      "SESSION rooms: the school's safeguarding leads, who may open the session for review (visibly). Empty otherwise.",
    resolve: (room, _args, ctx) => ctx.services.safeguarding.reviewers(room),
  }),
  safeguardingDevices: t.field({
    type: [DeviceRef],
    description:
      "SESSION rooms: the safeguarding leads' devices; every key version of the session is also wrapped for them. " +
      'Empty otherwise.',
    resolve: async (room, _args, ctx) => (room.kind === 'SESSION' ? ctx.services.e2e.leadDevices() : []),
  }),
  reviewNotice: t.string({
    nullable: true,
    description:
      'SESSION rooms while a safeguarding lead is designated: "This session may be reviewed by the school\'s ' +
      'safeguarding lead". Null otherwise. Show it permanently.',
    resolve: (room, _args, ctx) => ctx.services.safeguarding.reviewNotice(room),
  }),
}));

builder.mutationFields((t) => ({
  setSafeguardingLead: t.field({
    type: UserRef,
    description:
      'Designates (or stops designating) an ADMIN as the safeguarding lead. Admins only; audited. Ending a ' +
      "designation starts a new key version in every session, so the former lead's keys open nothing new.",
    authScopes: { admin: true },
    args: {
      userId: t.arg.id({ required: true, description: 'An ADMIN.' }),
      enabled: t.arg.boolean({ required: true, description: 'True to designate, false to stop.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.safeguarding.setLead(ctx.viewer!, localId(String(args.userId), 'User'), args.enabled),
  }),
  openSessionForReview: t.field({
    type: RoomRef,
    description:
      'The safeguarding lead opens a SESSION room for review: audited, and announced to both participants by a ' +
      'SYSTEM message quoting the reason. Then the lead may read its history and the keys wrapped for their ' +
      'devices; never post or join.',
    authScopes: { admin: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The SESSION room.' }),
      reason: t.arg.string({ required: true, description: '10-500 characters, shown to both participants.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.safeguarding.openForReview(ctx.viewer!, localId(String(args.roomId), 'Room'), args.reason),
  }),
}));
