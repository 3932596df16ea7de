import { canDeleteMessage } from '../auth/policy.js';
import type { Config } from '../config.js';
import type { Viewer } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import type { PubSub } from '../pubsub.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { EncryptedPayloadRecord, MessageRecord, RoomRecord, SeqRange, Store } from '../store/store.js';
import { checkClientId, normalizeBody } from './message-rules.js';

export interface SendInput {
  roomId: string | null;
  clientId: string;
  body?: string | null;
  encrypted?: EncryptedPayloadRecord | null;
}

/** Checks an encrypted payload against the room; the e2e service adds byte-level checks. */
export type EncryptedPayloadCheck = (
  viewer: Viewer,
  room: RoomRecord,
  payload: EncryptedPayloadRecord,
) => Promise<EncryptedPayloadRecord>;

export class MessagesService {
  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
    private readonly rooms: RoomsService,
    private readonly config: Readonly<Config>,
    private readonly checkEncrypted: EncryptedPayloadCheck,
  ) {}

  async send(viewer: Viewer, input: SendInput): Promise<MessageRecord> {
    checkClientId(input.clientId);
    const room = await this.rooms.requireVoice(viewer, input.roomId);
    let body: string | null = null;
    let encrypted: EncryptedPayloadRecord | null = null;
    if (room.encrypted) {
      if (input.body != null)
        throw badInput('This room is end-to-end encrypted: send an encrypted payload, not a body.', 'body');
      if (!input.encrypted)
        throw badInput('This room is end-to-end encrypted: an encrypted payload is required.', 'encrypted');
      encrypted = await this.checkEncrypted(viewer, room, input.encrypted);
    } else {
      if (input.encrypted)
        throw badInput('This room is not encrypted: send a body, not an encrypted payload.', 'encrypted');
      if (input.body == null) throw badInput('A message needs a body.', 'body');
      body = normalizeBody(input.body, room, this.config.phoneRegions);
    }
    const { message, created } = await this.store.appendMessage({
      roomId: room.id,
      authorId: viewer.user.id,
      clientId: input.clientId,
      body,
      encrypted,
    });
    // Publish only after the write succeeded, and only once per message.
    if (created) this.pubsub.publish('room', room.id, { type: 'message', message });
    return message;
  }

  async edit(viewer: Viewer, messageId: string | null, rawBody: string): Promise<MessageRecord> {
    const { message, room } = await this.visibleMessage(viewer, messageId);
    if (message.authorId !== viewer.user.id) throw forbidden('Only the author can edit a message.');
    await this.rooms.requireVoice(viewer, room.id);
    if (message.deletedAt) throw badInput('A deleted message cannot be edited.', 'id');
    if (room.encrypted) throw badInput('Messages in encrypted rooms cannot be edited.', 'id');
    const body = normalizeBody(rawBody, room, this.config.phoneRegions);
    if (body === message.body) return message;
    const updated = await this.store.updateMessage(message.id, { body, editedAt: new Date() });
    if (!updated) throw notFound('Message');
    this.pubsub.publish('room', room.id, { type: 'changed', message: updated });
    return updated;
  }

  async delete(viewer: Viewer, messageId: string | null): Promise<MessageRecord> {
    const { message, room, isMember } = await this.visibleMessage(viewer, messageId);
    if (!canDeleteMessage(viewer, message.authorId, isMember)) throw forbidden('You cannot delete this message.');
    if (message.deletedAt) return message;
    const updated = await this.store.updateMessage(message.id, { body: null, encrypted: null, deletedAt: new Date() });
    if (!updated) throw notFound('Message');
    this.pubsub.publish('room', room.id, { type: 'changed', message: updated });
    if (message.authorId !== viewer.user.id) {
      const entry = { actorId: viewer.user.id, targetUserId: message.authorId, roomId: room.id, messageId: message.id };
      await recordAudit(this.store, 'MESSAGE_DELETE', entry);
    }
    return updated;
  }

  /** A message the viewer may read (member of its room, or its safeguarding reviewer), or null. */
  async find(viewer: Viewer | null, messageId: string | null): Promise<MessageRecord | null> {
    const message = messageId ? await this.store.getMessage(messageId) : null;
    if (!message || !viewer) return null;
    const isMember = await this.store.isMember(message.roomId, viewer.user.id);
    return isMember || (await this.rooms.reviewed(viewer, message.roomId)) ? message : null;
  }

  /** History for members (and a session's safeguarding reviewer), oldest first. */
  async page(viewer: Viewer | null, roomId: string, range: SeqRange): Promise<MessageRecord[]> {
    await this.rooms.requireReader(viewer, roomId);
    return this.store.listMessages(roomId, range);
  }

  private async visibleMessage(viewer: Viewer, messageId: string | null) {
    const message = messageId ? await this.store.getMessage(messageId) : null;
    if (!message) throw notFound('Message');
    // Not seeing the room means not seeing the message: same answer as a missing one.
    const access = await this.rooms.access(viewer, message.roomId).catch(() => null);
    if (!access) throw notFound('Message');
    return { message, room: access.room, isMember: access.isMember };
  }
}
