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

/** Who may join a PRIVATE room by being added: anyone with an account (not a deleted one). */
export function canBeAddedTo(user: UserRecord, room: RoomRecord): boolean {
  if (user.deletedAt) return false;
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
  return viewer.user.role === 'MENTOR' && student.role === 'STUDENT' && !student.deletedAt;
}

/** Rooms staff act on without being members: admins manage PRIVATE rooms (the table), else as canSeeRoom. */
export function canSeeRoomAsStaff(viewer: Viewer, room: RoomRecord, isMember: boolean): boolean {
  return canSeeRoom(viewer, room, isMember) || (viewer.user.role === 'ADMIN' && room.kind === 'PRIVATE');
}

/** Mute or remove people in a room: admins, and mentors in rooms they belong to. */
export function canModerateRoom(viewer: Viewer, viewerIsMember: boolean): boolean {
  const { role } = viewer.user;
  return role === 'ADMIN' || (role === 'MENTOR' && viewerIsMember);
}

/** Whom a moderator may mute or remove: never themself; mentors act on students and guests, admins on all but admins. */
export function canModerateUser(viewer: Viewer, target: UserRecord): boolean {
  if (target.id === viewer.user.id || target.deletedAt) return false;
  if (viewer.user.role === 'ADMIN') return target.role !== 'ADMIN';
  return viewer.user.role === 'MENTOR' && (target.role === 'STUDENT' || target.role === 'GUEST');
}

/** Report a message: members of its room, about someone else's message. */
export function canReportMessage(viewer: Viewer, authorId: string, viewerIsMember: boolean): boolean {
  return viewerIsMember && authorId !== viewer.user.id;
}

/** Delete an account on request: admins, for anyone but themselves and other admins (demote first). */
export function canDeleteAccountOf(viewer: Viewer, target: UserRecord): boolean {
  return viewer.user.role === 'ADMIN' && target.id !== viewer.user.id && target.role !== 'ADMIN';
}

/** Delete one's own account: everyone but admins, so a deployment never deletes its way out of administrators. */
export function canDeleteOwnAccount(viewer: Viewer): boolean {
  return viewer.user.role !== 'ADMIN';
}

/** The school's designated safeguarding lead: an ADMIN with the mark, whose account is not deleted. */
export function isSafeguardingLead(user: UserRecord): boolean {
  return user.safeguardingLead && user.role === 'ADMIN' && !user.deletedAt;
}

/** Mark or unmark a safeguarding lead: admins; only an ADMIN can be marked (unmarking works on anyone). */
export function canSetSafeguardingLead(viewer: Viewer, target: UserRecord, enabled: boolean): boolean {
  if (viewer.user.role !== 'ADMIN') return false;
  return !enabled || (target.role === 'ADMIN' && !target.deletedAt);
}

/** Open a mentoring session for review (audited, announced in the room): the safeguarding lead, SESSION rooms only. */
export function canOpenForReview(viewer: Viewer, room: RoomRecord): boolean {
  return isSafeguardingLead(viewer.user) && room.kind === 'SESSION';
}

/**
 * Read a room's history and the keys wrapped for one's devices, never write: members, and the
 * safeguarding lead in a SESSION room they opened for review (while they still are the lead).
 */
export function canReadRoom(viewer: Viewer, room: RoomRecord, isMember: boolean, hasReviewGrant: boolean): boolean {
  return isMember || (hasReviewGrant && canOpenForReview(viewer, room));
}

/** Whose devices may receive a room key: members', and in SESSION rooms the safeguarding leads'. */
export function canReceiveRoomKey(recipient: UserRecord, room: RoomRecord, recipientIsMember: boolean): boolean {
  if (recipient.deletedAt) return false;
  return recipientIsMember || (room.kind === 'SESSION' && isSafeguardingLead(recipient));
}
