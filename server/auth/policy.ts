import type { Viewer } from '../context.js';
import type { RoomRecord, UserRecord } from '../store/store.js';

/**
 * The contract's permission table, as pure decisions. Services look up the facts
 * (membership, authorship) and ask here; nothing else decides who may do what.
 */

/** Whether the viewer may know the room exists (else: NOT_FOUND / null). */
export function canSeeRoom(viewer: Viewer | null, room: RoomRecord, isMember: boolean): boolean {
  if (!viewer) return false;
  // Every signed-in caller may see PUBLIC rooms (the contract's `rooms`); guests join only where allowed.
  return room.kind === 'PUBLIC' || isMember;
}

/** Whether the viewer may join a room by itself. */
export function canJoinRoom(viewer: Viewer, room: RoomRecord): boolean {
  if (room.kind !== 'PUBLIC') return false;
  return viewer.user.role !== 'GUEST' || room.allowGuests;
}

export function canCreateRoom(viewer: Viewer, kind: RoomRecord['kind']): boolean {
  const role = viewer.user.role;
  if (kind === 'PUBLIC') return role === 'ADMIN';
  if (kind === 'PRIVATE') return role === 'ADMIN' || role === 'MENTOR';
  return false; // SESSION rooms come only from startMentoringSession
}

/** Add or remove members: PRIVATE rooms only, by their creator, a mentor member, or an admin. */
export function canManageMembers(viewer: Viewer, room: RoomRecord, viewerIsMember: boolean): boolean {
  if (room.kind !== 'PRIVATE') return false;
  const { role, id } = viewer.user;
  if (role === 'ADMIN') return true;
  if (role === 'GUEST' || role === 'STUDENT') return false;
  return room.createdBy === id || (role === 'MENTOR' && viewerIsMember);
}

/** Who may join a PRIVATE room by being added: anyone with an account. */
export function canBeAddedTo(user: UserRecord, room: RoomRecord): boolean {
  return room.kind === 'PUBLIC' ? user.role !== 'GUEST' || room.allowGuests : user.role !== 'GUEST';
}

/** Delete a message: its author, a mentor in a room they belong to, or an admin. */
export function canDeleteMessage(viewer: Viewer, authorId: string, viewerIsMember: boolean): boolean {
  const { role, id } = viewer.user;
  if (id === authorId) return viewerIsMember || role === 'ADMIN';
  if (role === 'ADMIN') return true;
  return role === 'MENTOR' && viewerIsMember;
}

export function canStartSession(viewer: Viewer, student: UserRecord): boolean {
  return viewer.user.role === 'MENTOR' && student.role === 'STUDENT';
}
