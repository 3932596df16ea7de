import { canModerateRoom, canModerateUser } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { AuditQuery, AuditRecord, RoomRecord, Store, UserRecord } from '../store/store.js';
import { AUDIT_ACTIONS, type AuditAction, recordAudit } from './audit-log.js';
import { muteMinutes, reasonText, retentionDays } from './moderation-rules.js';

export interface MuteShape {
  roomId: string;
  userId: string;
  until: Date;
}

/** Mutes, removal from PUBLIC rooms, room retention and reading the audit log. */
export class ModerationService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async mute(viewer: Viewer, roomId: string | null, userId: string | null, minutes: number): Promise<MuteShape> {
    muteMinutes(minutes);
    const { room, target } = await this.moderated(viewer, roomId, userId);
    const until = new Date(this.now().getTime() + minutes * 60_000);
    await this.store.setMute(room.id, target.id, until);
    await recordAudit(this.store, 'USER_MUTE', {
      actorId: viewer.user.id,
      targetUserId: target.id,
      roomId: room.id,
      details: { minutes, until: until.toISOString() },
    });
    return { roomId: room.id, userId: target.id, until };
  }

  /** True when a mute in force was lifted; false when there was none. */
  async unmute(viewer: Viewer, roomId: string | null, userId: string | null): Promise<boolean> {
    const { room, target } = await this.moderated(viewer, roomId, userId);
    const until = await this.store.getMute(room.id, target.id);
    if (!until) return false;
    await this.store.setMute(room.id, target.id, null);
    if (until <= this.now()) return false;
    const entry = { actorId: viewer.user.id, targetUserId: target.id, roomId: room.id };
    await recordAudit(this.store, 'USER_UNMUTE', entry);
    return true;
  }

  /** The viewer's mute end in this room while it lasts, else null. */
  async mutedUntil(viewer: Viewer | null, roomId: string): Promise<Date | null> {
    if (!viewer) return null;
    const until = await this.store.getMute(roomId, viewer.user.id);
    return until && until > this.now() ? until : null;
  }

  /**
   * Removes someone from a PUBLIC room (PRIVATE rooms have removeRoomMember, the contract's row).
   * A PUBLIC room stays open to them: mute them as well to keep them from posting on return.
   */
  async kick(viewer: Viewer, roomId: string | null, userId: string | null, rawReason?: string | null) {
    const reason = reasonText(rawReason, 'reason', false);
    const { room, target } = await this.moderated(viewer, roomId, userId);
    if (room.kind !== 'PUBLIC') {
      throw badInput('kickFromRoom is for PUBLIC rooms; use removeRoomMember in a PRIVATE room.', 'roomId');
    }
    if (!(await this.rooms.dropMember(room, target.id))) throw notFound('Member');
    await recordAudit(this.store, 'MEMBER_KICK', {
      actorId: viewer.user.id,
      targetUserId: target.id,
      roomId: room.id,
      details: reason ? { reason } : {},
    });
    return room;
  }

  /** Admins (the resolver's scope): PUBLIC and PRIVATE rooms; SESSION rooms stay invisible to them. */
  async setRetention(viewer: Viewer, roomId: string | null, rawDays: number | null | undefined): Promise<RoomRecord> {
    const days = retentionDays(rawDays);
    const { room } = await this.rooms.accessAsStaff(viewer, roomId);
    if (room.retentionDays === days) return room;
    const updated = await this.store.updateRoom(room.id, { retentionDays: days });
    if (!updated) throw notFound('Room');
    await recordAudit(this.store, 'ROOM_RETENTION', {
      actorId: viewer.user.id,
      roomId: room.id,
      details: { from: room.retentionDays, to: days },
    });
    return updated;
  }

  /** Newest first. Admins only (the resolver's scope). */
  auditLog(query: Omit<AuditQuery, 'action'> & { action?: AuditAction | null }): Promise<AuditRecord[]> {
    const { action, ...rest } = query;
    return this.store.listAudit({ ...rest, action: action ? AUDIT_ACTIONS[action].stored : undefined });
  }

  private async moderated(viewer: Viewer, roomId: string | null, userId: string | null) {
    const { room, isMember } = await this.rooms.accessAsStaff(viewer, roomId);
    if (!canModerateRoom(viewer, isMember)) throw forbidden('Only admins, and mentors of this room, moderate it.');
    const target: UserRecord | null = userId ? await this.store.getUser(userId) : null;
    if (!target || target.deletedAt) throw notFound('User');
    if (!canModerateUser(viewer, target)) {
      throw forbidden('You cannot moderate this user (yourself, or a role you do not oversee).');
    }
    return { room, target };
  }
}
