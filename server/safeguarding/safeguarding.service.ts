import { randomUUID } from 'node:crypto';
import { canOpenForReview, canSetSafeguardingLead, isSafeguardingLead } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import type { PubSub } from '../pubsub.js';
import type { RoomRecord, Store, UserRecord } from '../store/store.js';
import { activeLeads } from './review-access.js';

/** Shown in every SESSION room while at least one safeguarding lead is marked. */
export const REVIEW_NOTICE = "This session may be reviewed by the school's safeguarding lead";

const REASON_CHARS = { min: 10, max: 500 };
const ROOM_PAGE = 200;

/** A session as the lead finds it before any review: who and when, never a word of it. */
export interface ReviewableSession {
  room: RoomRecord;
  participantIds: string[];
  /** Whether this lead already opened it for review (then it can be read again without a new reason). */
  opened: boolean;
}

/** The text of the SYSTEM message that tells both participants a review was opened, and why. */
export const reviewOpenedText = (reason: string) =>
  `The school's safeguarding lead opened this session for review. Reason: ${reason}`;

/**
 * Safeguarding review of mentoring sessions, without a server-side key: the lead reads only
 * what participants' clients wrapped for the lead's devices, and only after opening the
 * session for review, which is audited and announced in the room.
 */
export class SafeguardingService {
  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
  ) {}

  /** Marks or unmarks an ADMIN as the safeguarding lead; audited. Unmarking rotates every session key. */
  async setLead(viewer: Viewer, userId: string | null, enabled: boolean): Promise<UserRecord> {
    const target = userId ? await this.store.getUser(userId) : null;
    if (!target) throw notFound('User');
    if (viewer.user.role !== 'ADMIN') throw forbidden('Only admins designate the safeguarding lead.');
    if (!canSetSafeguardingLead(viewer, target, enabled)) {
      throw badInput('Only an admin can be the safeguarding lead: make them an ADMIN first.', 'userId');
    }
    if (target.safeguardingLead === enabled) return target;
    const updated = await this.store.updateUser(target.id, { safeguardingLead: enabled });
    if (!updated) throw notFound('User');
    await this.store.appendAudit({
      actorId: viewer.user.id,
      action: 'safeguarding.lead',
      targetUserId: target.id,
      details: { enabled },
    });
    // A former lead keeps the keys wrapped for their devices: new key versions shut them out.
    if (!enabled) await this.rotateSessionKeys();
    return updated;
  }

  /** Who may review this room: the leads, for SESSION rooms; nobody otherwise. */
  async reviewers(room: RoomRecord): Promise<UserRecord[]> {
    return room.kind === 'SESSION' ? activeLeads(this.store) : [];
  }

  async reviewNotice(room: RoomRecord): Promise<string | null> {
    return (await this.reviewers(room)).length > 0 ? REVIEW_NOTICE : null;
  }

  /**
   * The lead opens a session for review: a SYSTEM message in the room (both participants see
   * it, live and in history), an audit entry, then the grant that lets the lead read. In that
   * order, so nothing becomes readable to the lead without the other two.
   */
  async openForReview(viewer: Viewer, roomId: string | null, rawReason: string): Promise<RoomRecord> {
    if (!isSafeguardingLead(viewer.user)) {
      throw forbidden("Only the school's safeguarding lead can open a session for review.");
    }
    const room = roomId ? await this.store.getRoom(roomId) : null;
    if (!room || !canOpenForReview(viewer, room)) throw notFound('Session');
    const reason = rawReason.replace(/\s+/g, ' ').trim();
    const length = [...reason].length;
    if (length < REASON_CHARS.min || length > REASON_CHARS.max) {
      throw badInput(`Give a reason of ${REASON_CHARS.min} to ${REASON_CHARS.max} characters.`, 'reason');
    }
    // The one plaintext row an encrypted room holds: written by the server, never by a client.
    const { message } = await this.store.appendMessage({
      roomId: room.id,
      authorId: viewer.user.id,
      kind: 'SYSTEM',
      clientId: `review-${randomUUID()}`,
      body: reviewOpenedText(reason),
      encrypted: null,
    });
    await this.store.appendAudit({
      actorId: viewer.user.id,
      action: 'session.review',
      roomId: room.id,
      messageId: message.id,
      details: { reason },
    });
    await this.store.createReviewGrant({ roomId: room.id, reviewerId: viewer.user.id, reason });
    this.pubsub.publish('room', room.id, { type: 'message', message });
    return room;
  }

  /**
   * The lead finds what may be reviewed: the SESSION rooms `participantId` is in, newest
   * first, with their participants. Nothing readable: opening one is `openForReview`.
   */
  async sessionsOf(viewer: Viewer, participantId: string | null): Promise<ReviewableSession[]> {
    if (!isSafeguardingLead(viewer.user)) {
      throw forbidden("Only the school's safeguarding lead can look for sessions to review.");
    }
    const participant = participantId ? await this.store.getUser(participantId) : null;
    if (!participant) throw notFound('User');
    const rooms = await Promise.all(
      (await this.store.listMemberRoomIds(participant.id)).map((id) => this.store.getRoom(id)),
    );
    const sessions = rooms
      .filter((room): room is RoomRecord => room?.kind === 'SESSION')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return Promise.all(
      sessions.map(async (room) => ({
        room,
        participantIds: await this.store.listMemberIds(room.id),
        opened: (await this.store.getReviewGrant(room.id, viewer.user.id)) !== null,
      })),
    );
  }

  private async rotateSessionKeys(): Promise<void> {
    for (let afterId: string | undefined, page: RoomRecord[]; ; afterId = page[page.length - 1].id) {
      page = await this.store.listAllRooms({ afterId, limit: ROOM_PAGE });
      for (const room of page) if (room.kind === 'SESSION') await this.store.bumpKeyVersion(room.id);
      if (page.length < ROOM_PAGE) return;
    }
  }
}
