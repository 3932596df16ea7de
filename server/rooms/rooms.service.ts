import {
  canBeAddedTo,
  canCreateRoom,
  canJoinRoom,
  canManageMembers,
  canSeeRoom,
  canSeeRoomAsStaff,
  canStartSession,
} from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { AppError, badInput, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import type { PubSub } from '../pubsub.js';
import { readsAsReviewer } from '../safeguarding/review-access.js';
import type { RoomKind, RoomRecord, Store } from '../store/store.js';

export interface RoomAccess {
  room: RoomRecord;
  isMember: boolean;
}

const MAX_INITIAL_MEMBERS = 200;

function roomName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length < 1 || name.length > 80) throw badInput('A room name is 1 to 80 characters.', 'name');
  return name;
}

export class RoomsService {
  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
  ) {}

  /** The room and the viewer's membership, or NOT_FOUND when the viewer may not see it. */
  async access(viewer: Viewer | null, roomId: string | null): Promise<RoomAccess> {
    const room = roomId ? await this.store.getRoom(roomId) : null;
    if (!room || !viewer) throw notFound('Room');
    const isMember = await this.store.isMember(room.id, viewer.user.id);
    if (!canSeeRoom(viewer, room, isMember)) throw notFound('Room');
    return { room, isMember };
  }

  /** Like access(), and the viewer must be a member (send, read, type, mark read, subscribe). */
  async requireMember(viewer: Viewer | null, roomId: string | null): Promise<RoomRecord> {
    const { room, isMember } = await this.access(viewer, roomId);
    if (!isMember) throw forbidden('Join the room first.');
    return room;
  }

  /** Like requireMember(), and the viewer must not be muted there (send, edit, type). */
  async requireVoice(viewer: Viewer | null, roomId: string | null): Promise<RoomRecord> {
    const room = await this.requireMember(viewer, roomId);
    const until = await this.store.getMute(room.id, viewer!.user.id);
    if (until && until.getTime() > Date.now()) {
      const mutedUntil = until.toISOString();
      throw new AppError('FORBIDDEN', `You are muted in this room until ${mutedUntil}.`, { mutedUntil });
    }
    return room;
  }

  /** Like access(), but admins also reach PRIVATE rooms they are not in (they manage and moderate them). */
  async accessAsStaff(viewer: Viewer, roomId: string | null): Promise<RoomAccess> {
    const room = roomId ? await this.store.getRoom(roomId) : null;
    if (!room) throw notFound('Room');
    const isMember = await this.store.isMember(room.id, viewer.user.id);
    if (!canSeeRoomAsStaff(viewer, room, isMember)) throw notFound('Room');
    return { room, isMember };
  }

  /**
   * Reads only (history, wrapped keys): like requireMember, and also the safeguarding lead in a
   * session they opened for review. Writes keep requireMember, so a reviewer never posts.
   */
  async requireReader(viewer: Viewer | null, roomId: string | null): Promise<RoomRecord> {
    try {
      return await this.requireMember(viewer, roomId);
    } catch (refusal) {
      const room = await this.reviewed(viewer, roomId);
      if (room) return room;
      throw refusal;
    }
  }

  /** The room when the viewer reads it as its safeguarding reviewer (not as a member), else null. */
  async reviewed(viewer: Viewer | null, roomId: string | null): Promise<RoomRecord | null> {
    if (!viewer || !roomId || !viewer.user.safeguardingLead) return null;
    const room = await this.store.getRoom(roomId);
    return room && (await readsAsReviewer(this.store, viewer, room)) ? room : null;
  }

  /** The room when visible (to a member, or to its reviewer), else null (for `room(id:)` and `node(id:)`). */
  async find(viewer: Viewer | null, roomId: string | null): Promise<RoomRecord | null> {
    try {
      return (await this.access(viewer, roomId)).room;
    } catch {
      return this.reviewed(viewer, roomId);
    }
  }

  list(viewer: Viewer): Promise<RoomRecord[]> {
    return this.store.listVisibleRooms(viewer.user.id);
  }

  async create(
    viewer: Viewer,
    input: {
      name: string;
      kind: RoomKind;
      allowGuests?: boolean | null;
      encrypted?: boolean | null;
      memberIds?: (string | null)[];
    },
  ): Promise<RoomRecord> {
    if (input.kind === 'SESSION') throw badInput('Mentoring sessions are started with startMentoringSession.', 'kind');
    if (!canCreateRoom(viewer, input.kind)) throw forbidden('Your role cannot create this kind of room.');
    if (input.kind === 'PUBLIC' && input.encrypted)
      throw badInput('Public rooms cannot be end-to-end encrypted.', 'encrypted');
    const requested = input.memberIds ?? [];
    if (requested.some((id) => id === null)) throw badInput('Some of those members do not exist.', 'memberIds');
    const memberIds = [...new Set([viewer.user.id, ...(requested as string[])])];
    if (memberIds.length > MAX_INITIAL_MEMBERS)
      throw badInput(`At most ${MAX_INITIAL_MEMBERS} members at creation.`, 'memberIds');
    const draft = {
      name: roomName(input.name),
      kind: input.kind,
      encrypted: Boolean(input.encrypted),
      allowGuests: Boolean(input.allowGuests),
      createdBy: viewer.user.id,
      memberIds,
    };
    const users = await this.store.getUsers(memberIds);
    if (users.length !== memberIds.length || users.some((u) => u.deletedAt))
      throw badInput('Some of those members do not exist.', 'memberIds');
    const pseudoRoom = { ...draft, id: '', lastSeq: 0, keyVersion: 1, retentionDays: null, createdAt: new Date() };
    if (users.some((u) => !canBeAddedTo(u, pseudoRoom)))
      throw badInput('Guests cannot be members of this room.', 'memberIds');
    const room = await this.store.createRoom(draft);
    const added = memberIds.filter((id) => id !== viewer.user.id);
    await Promise.all(added.map((id) => this.auditMember(viewer, 'MEMBER_ADD', room.id, id, 'createRoom')));
    return room;
  }

  async join(viewer: Viewer, roomId: string | null): Promise<RoomRecord> {
    const { room, isMember } = await this.access(viewer, roomId);
    if (isMember) return room;
    if (!canJoinRoom(viewer, room)) throw forbidden('You cannot join this room.');
    if (await this.store.addMember(room.id, viewer.user.id)) {
      this.pubsub.publish('room', room.id, { type: 'member-added', userId: viewer.user.id });
      await this.auditMember(viewer, 'MEMBER_JOIN', room.id, viewer.user.id);
    }
    return room;
  }

  async leave(viewer: Viewer, roomId: string | null): Promise<boolean> {
    const { room, isMember } = await this.access(viewer, roomId);
    if (!isMember) return false;
    const left = await this.dropMember(room, viewer.user.id);
    if (left) await this.auditMember(viewer, 'MEMBER_LEAVE', room.id, viewer.user.id);
    return left;
  }

  async addMember(viewer: Viewer, roomId: string | null, userId: string | null): Promise<RoomRecord> {
    const room = await this.managedRoom(viewer, roomId);
    const user = userId ? await this.store.getUser(userId) : null;
    if (!user || user.deletedAt) throw notFound('User');
    if (!canBeAddedTo(user, room)) throw badInput('Guests cannot be members of this room.', 'userId');
    if (await this.store.addMember(room.id, user.id)) {
      this.pubsub.publish('room', room.id, { type: 'member-added', userId: user.id });
      await this.auditMember(viewer, 'MEMBER_ADD', room.id, user.id, 'addRoomMember');
    }
    return room;
  }

  async removeMember(viewer: Viewer, roomId: string | null, userId: string | null): Promise<RoomRecord> {
    const room = await this.managedRoom(viewer, roomId);
    if (!userId || !(await this.store.isMember(room.id, userId))) throw notFound('Member');
    if (await this.dropMember(room, userId)) await this.auditMember(viewer, 'MEMBER_REMOVE', room.id, userId);
    return (await this.store.getRoom(room.id)) ?? room;
  }

  async startSession(viewer: Viewer, input: { studentId: string | null; topic?: string | null }): Promise<RoomRecord> {
    if (viewer.user.role !== 'MENTOR') throw forbidden('Only mentors start mentoring sessions.');
    const student = input.studentId ? await this.store.getUser(input.studentId) : null;
    if (!student || student.deletedAt) throw notFound('Student');
    if (!canStartSession(viewer, student)) throw badInput('A mentoring session is with a student.', 'studentId');
    const topic = input.topic?.trim();
    const room = await this.store.createRoom({
      name: roomName(topic || `${viewer.user.displayName} & ${student.displayName}`),
      kind: 'SESSION',
      encrypted: true,
      allowGuests: false,
      createdBy: viewer.user.id,
      memberIds: [viewer.user.id, student.id],
    });
    await this.auditMember(viewer, 'MEMBER_ADD', room.id, student.id, 'startMentoringSession');
    return room;
  }

  private async managedRoom(viewer: Viewer, roomId: string | null): Promise<RoomRecord> {
    // Admins manage private rooms they are not in (the permission table); others must see it first.
    const { room, isMember } = await this.accessAsStaff(viewer, roomId);
    if (!canManageMembers(viewer, room, isMember)) throw forbidden('You cannot change the members of this room.');
    return room;
  }

  private auditMember(
    viewer: Viewer,
    action: 'MEMBER_JOIN' | 'MEMBER_LEAVE' | 'MEMBER_ADD' | 'MEMBER_REMOVE',
    roomId: string,
    userId: string,
    via?: string,
  ) {
    const details = via ? { via } : {};
    return recordAudit(this.store, action, { actorId: viewer.user.id, targetUserId: userId, roomId, details });
  }

  /**
   * Removes a member, rotates the encrypted room's key version, and ends their live subscriptions.
   * Callers audit (moderation and account deletion use it too).
   */
  async dropMember(room: RoomRecord, userId: string): Promise<boolean> {
    const removed = await this.store.removeMember(room.id, userId);
    if (removed) {
      if (room.encrypted) await this.store.bumpKeyVersion(room.id);
      this.pubsub.publish('room', room.id, { type: 'member-removed', userId });
    }
    return removed;
  }
}
