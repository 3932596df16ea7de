import type { Context } from '../context.js';
import { notFound } from '../errors.js';
import type { MessageRecord, RoomRecord, UserRecord } from '../store/store.js';

/*
 * Loaders for fields that point at a record by id, for records the parent already proved the
 * viewer may see (a mute, a report). A missing one is NOT_FOUND, never a null in a non-null field.
 */

export const roomById = async (ctx: Context, id: string): Promise<RoomRecord> =>
  (await ctx.services.store.getRoom(id)) ?? Promise.reject(notFound('Room'));

export const userById = async (ctx: Context, id: string): Promise<UserRecord> =>
  (await ctx.services.store.getUser(id)) ?? Promise.reject(notFound('User'));

export const messageById = async (ctx: Context, id: string): Promise<MessageRecord> =>
  (await ctx.services.store.getMessage(id)) ?? Promise.reject(notFound('Message'));
