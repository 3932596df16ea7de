import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { McErrorEvent } from '../events.js';
import { asChatError, ChatError } from '../graphql/errors.js';
import { liveSubscription } from '../graphql/live.js';
import {
  DeleteMessageMutation,
  EditMessageMutation,
  MarkReadMutation,
  OlderMessagesQuery,
  RoomHistoryQuery,
} from '../graphql/messages.operations.js';
import { MessageAddedSubscription, MessageChangedSubscription } from '../graphql/subscriptions.js';
import type { Transport } from '../graphql/transport.js';
import { leavesGap, mergeMessages, newestCursor, newestFromOthers } from '../state/message-list.js';
import type { ChatMessage, ChatReceipt, ChatRoom, ChatUser } from '../state/types.js';
import { Emitter } from './emitter.js';
import type { RoomsController } from './rooms.controller.js';
import type { SessionController } from './session.controller.js';

const OLDER_PAGE = 30;
const MARK_READ_DELAY_MS = 300;
const GONE = 'This room does not exist, or you cannot open it.';

type RoomEvents = {
  opened: (room: ChatRoom, transport: Transport, receipts: ChatReceipt[]) => void;
  closed: () => void;
  received: (message: ChatMessage) => void;
  'marked-read': (receipt: ChatReceipt) => void;
};

/**
 * The open room: its history (newest page first, older pages on demand), new messages
 * through `messageAdded(after: <newest cursor>)` (resumed from the last one seen after
 * a reconnect, so nothing is missed or doubled), edits and deletions, and read marks.
 */
export class MessagesController implements ReactiveController {
  room: ChatRoom | null = null;
  messages: ChatMessage[] = [];
  hasOlder = false;
  loading = false;
  loadingOlder = false;
  error: string | null = null;
  readonly events = new Emitter<RoomEvents>();
  /** Whether the person can see the log now (panel open, tab visible); set by the element. */
  isVisible: () => boolean = () => true;
  private olderCursor: string | null = null;
  private transport: Transport | null = null;
  private user: ChatUser | null = null;
  private stops: (() => void)[] = [];
  private ticket = 0;
  private lastMarked = 0;
  private markTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    session: SessionController,
    private readonly rooms: RoomsController,
  ) {
    host.addController(this);
    session.events.on('signed-in', (user, transport) => {
      this.close();
      this.user = user;
      this.transport = transport;
    });
    session.events.on('signed-out', () => {
      this.close();
      this.user = null;
      this.transport = null;
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }

  get roomId(): string | null {
    return this.room?.id ?? null;
  }

  /** Opens a room: joins it first when it is public and the viewer is not in it yet. */
  async open(roomId: string): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    this.close();
    const ticket = this.ticket;
    this.loading = true;
    this.rooms.openRoomId = roomId;
    this.host.requestUpdate();
    try {
      let room = await this.rooms.fetch(roomId);
      if (room && !room.viewerIsMember && room.kind === 'PUBLIC') room = await this.rooms.join(roomId);
      if (!room?.viewerIsMember) throw new ChatError('NOT_FOUND', GONE);
      const { room: history } = await transport.query(RoomHistoryQuery, { id: roomId });
      if (ticket !== this.ticket) return;
      if (!history) throw new ChatError('NOT_FOUND', GONE);
      const { messages, receipts, ...meta } = history;
      this.room = meta;
      this.messages = mergeMessages(
        [],
        messages.edges.map((e) => e.node),
      );
      this.hasOlder = messages.pageInfo.hasPreviousPage;
      this.olderCursor = messages.pageInfo.startCursor ?? null;
      this.goLive(transport, roomId);
      this.events.emit('opened', meta, transport, receipts);
      this.markReadSoon();
    } catch (error) {
      if (ticket !== this.ticket) return;
      const chatError = asChatError(error);
      this.error = chatError.code === 'NETWORK' ? 'Waiting for the connection to open this room…' : chatError.message;
      if (chatError.code === 'NETWORK') this.retryWhenOnline(transport, roomId, ticket);
    } finally {
      if (ticket === this.ticket) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  close(): void {
    this.ticket += 1;
    for (const stop of this.stops) stop();
    this.stops = [];
    clearTimeout(this.markTimer);
    if (this.room) this.events.emit('closed');
    if (this.rooms.openRoomId === this.room?.id) this.rooms.openRoomId = null;
    this.room = null;
    this.messages = [];
    this.hasOlder = false;
    this.olderCursor = null;
    this.error = null;
    this.loading = false;
    this.lastMarked = 0;
    this.host.requestUpdate();
  }

  async loadOlder(): Promise<void> {
    const { transport, room, olderCursor } = this;
    if (!transport || !room || !olderCursor || this.loadingOlder || !this.hasOlder) return;
    const ticket = this.ticket;
    this.loadingOlder = true;
    this.host.requestUpdate();
    try {
      const data = await transport.query(OlderMessagesQuery, { id: room.id, before: olderCursor, last: OLDER_PAGE });
      if (ticket !== this.ticket || !data.room) return;
      const page = data.room.messages;
      this.merge(page.edges.map((e) => e.node));
      this.hasOlder = page.pageInfo.hasPreviousPage;
      this.olderCursor = page.pageInfo.startCursor ?? this.olderCursor;
    } catch (error) {
      this.report(error);
    } finally {
      if (ticket === this.ticket) this.loadingOlder = false;
      this.host.requestUpdate();
    }
  }

  async edit(messageId: string, body: string): Promise<boolean> {
    return this.change(() =>
      this.transport?.mutate(EditMessageMutation, { id: messageId, body }).then((d) => d.editMessage),
    );
  }

  async remove(messageId: string): Promise<boolean> {
    return this.change(() =>
      this.transport?.mutate(DeleteMessageMutation, { id: messageId }).then((d) => d.deleteMessage),
    );
  }

  /** A message the outbox delivered: shown at once, without waiting for the feed. */
  delivered(message: ChatMessage, roomId: string): void {
    if (roomId === this.roomId) this.merge([message]);
  }

  /** Marks the room read up to the newest message from someone else, when the person can see it. */
  markReadSoon(): void {
    clearTimeout(this.markTimer);
    this.markTimer = setTimeout(() => void this.markRead(), MARK_READ_DELAY_MS);
  }

  private async markRead(): Promise<void> {
    const { transport, room, user } = this;
    if (!transport || !room || !user || !this.isVisible()) return;
    const newest = newestFromOthers(this.messages, user.id);
    if (!newest || newest.seq <= this.lastMarked) return;
    this.lastMarked = newest.seq;
    this.rooms.markRead(room.id);
    try {
      const { markRead } = await transport.mutate(MarkReadMutation, { roomId: room.id, messageId: newest.id });
      this.events.emit('marked-read', markRead);
    } catch {
      this.lastMarked = 0; // try again with the next message or visit
    }
  }

  private goLive(transport: Transport, roomId: string): void {
    const added = liveSubscription(
      transport,
      MessageAddedSubscription,
      () => ({ roomId, after: newestCursor(this.messages) }),
      {
        next: ({ messageAdded }) => this.arrived(transport, roomId, messageAdded),
      },
    );
    const changed = liveSubscription(transport, MessageChangedSubscription, () => ({ roomId }), {
      next: ({ messageChanged }) => this.merge([messageChanged]),
    });
    this.stops.push(added, changed);
  }

  private arrived(transport: Transport, roomId: string, message: ChatMessage): void {
    if (roomId !== this.roomId) return;
    const gap = this.messages.length === 0 ? message.seq > 1 : leavesGap(this.messages, message);
    this.merge([message]);
    this.events.emit('received', message);
    if (gap) void this.fillGap(transport, roomId);
    this.markReadSoon();
  }

  /** A live message skipped seqs (e.g. the room was empty when we subscribed): fetch the newest page again. */
  private async fillGap(transport: Transport, roomId: string): Promise<void> {
    const ticket = this.ticket;
    try {
      const { room } = await transport.query(RoomHistoryQuery, { id: roomId });
      if (ticket === this.ticket && room) this.merge(room.messages.edges.map((e) => e.node));
    } catch {
      // The next reconnect or visit loads it.
    }
  }

  private merge(incoming: ChatMessage[]): void {
    this.messages = mergeMessages(this.messages, incoming);
    this.host.requestUpdate();
  }

  private async change(run: () => Promise<ChatMessage> | undefined): Promise<boolean> {
    try {
      const message = await run();
      if (message) this.merge([message]);
      return Boolean(message);
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  private report(error: unknown): void {
    const { code, message } = asChatError(error);
    this.error = message;
    this.host.requestUpdate();
    this.host.dispatchEvent(new McErrorEvent({ code, message }));
  }

  private retryWhenOnline(transport: Transport, roomId: string, ticket: number): void {
    const off = transport.onState((state) => {
      if (state !== 'online') return;
      off();
      if (ticket === this.ticket && transport === this.transport) void this.open(roomId);
    });
    this.stops.push(off);
  }
}
