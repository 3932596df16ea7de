import type { Viewer } from '../context.js';
import { notFound } from '../errors.js';
import type { PubSub } from '../pubsub.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { ReceiptRecord, RoomRecord, Store } from '../store/store.js';

export class ReceiptsService {
  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
    private readonly rooms: RoomsService,
  ) {}

  /** Moves the viewer's receipt up to that message; never backwards. Publishes only a real move. */
  async markRead(viewer: Viewer, roomId: string | null, messageId: string | null): Promise<ReceiptRecord> {
    const room = await this.rooms.requireMember(viewer, roomId);
    const message = messageId ? await this.store.getMessage(messageId) : null;
    if (!message || message.roomId !== room.id) throw notFound('Message');
    const before = await this.store.getReceipt(room.id, viewer.user.id);
    const receipt = await this.store.advanceReceipt(room.id, viewer.user.id, message.seq, new Date());
    if (!before || receipt.lastReadSeq > before.lastReadSeq) {
      this.pubsub.publish('room', room.id, { type: 'receipt', receipt });
    }
    return receipt;
  }

  /** Unread for the viewer: others' live messages after their receipt. Zero outside the room. */
  async unreadCount(viewer: Viewer | null, room: RoomRecord): Promise<number> {
    if (!viewer || !(await this.store.isMember(room.id, viewer.user.id))) return 0;
    const receipt = await this.store.getReceipt(room.id, viewer.user.id);
    return this.store.countMessagesAfter(room.id, receipt?.lastReadSeq ?? 0, viewer.user.id);
  }

  async list(viewer: Viewer | null, roomId: string): Promise<ReceiptRecord[]> {
    await this.rooms.requireMember(viewer, roomId);
    return this.store.listReceipts(roomId);
  }
}
