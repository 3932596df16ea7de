import type { ChatRoom } from './types.js';

/** Rooms the viewer is in first (most recent activity first), then public rooms to join, by name. */
export function sortRooms(rooms: readonly ChatRoom[]): ChatRoom[] {
  const activity = (room: ChatRoom) => room.lastMessage?.createdAt ?? '';
  return [...rooms].sort((a, b) => {
    if (a.viewerIsMember !== b.viewerIsMember) return a.viewerIsMember ? -1 : 1;
    if (a.viewerIsMember) {
      const order = activity(b).localeCompare(activity(a));
      if (order !== 0) return order;
    }
    return a.name.localeCompare(b.name);
  });
}

/** Unread messages per room id, for the rooms the viewer is in. */
export function unreadByRoom(rooms: readonly ChatRoom[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const room of rooms) if (room.viewerIsMember && room.unreadCount > 0) out[room.id] = room.unreadCount;
  return out;
}

export function totalUnread(rooms: readonly ChatRoom[]): number {
  return rooms.reduce((sum, room) => sum + (room.viewerIsMember ? room.unreadCount : 0), 0);
}

/** Replaces or inserts one room, keeping the others. */
export function upsertRoom(rooms: readonly ChatRoom[], room: ChatRoom): ChatRoom[] {
  const index = rooms.findIndex((r) => r.id === room.id);
  if (index === -1) return [...rooms, room];
  const next = [...rooms];
  next[index] = room;
  return next;
}
