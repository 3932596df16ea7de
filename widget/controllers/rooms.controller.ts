import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { McMessageEvent, McUnreadChangeEvent } from '../events.js';
import { asChatError } from '../graphql/errors.js';
import { liveSubscription } from '../graphql/live.js';
import { JoinRoomMutation, RoomQuery, RoomsQuery } from '../graphql/rooms.operations.js';
import { MessageAddedSubscription } from '../graphql/subscriptions.js';
import type { Transport } from '../graphql/transport.js';
import { sortRooms, totalUnread, unreadByRoom, upsertRoom } from '../state/rooms.js';
import type { ChatMessage, ChatRoom, ChatUser } from '../state/types.js';
import type { SessionController } from './session.controller.js';

/** Live feeds for unread counts are capped: the rest refresh with the list. */
const MAX_FEEDS = 15;
/** New rooms (someone added the viewer) and capped counts show up within this. */
const REFRESH_MS = 60_000;

/**
 * The rooms the viewer can see, with unread counts kept live by one `messageAdded`
 * feed per room the viewer is in. Fires `mc-message` and `mc-unread-change`.
 */
export class RoomsController implements ReactiveController {
  rooms: ChatRoom[] = [];
  loaded = false;
  error: string | null = null;
  /** The open room: its messages count as read while the person can see it. */
  openRoomId: string | null = null;
  /** Whether the open room is on screen (panel open, tab visible); set by the element. */
  isVisible: () => boolean = () => true;
  private transport: Transport | null = null;
  private user: ChatUser | null = null;
  private readonly feeds = new Map<string, () => void>();
  private lastTotal = 0;
  private offs: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    session: SessionController,
  ) {
    host.addController(this);
    session.events.on('signed-in', (user, transport) => this.start(user, transport));
    session.events.on('signed-out', () => this.reset());
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.reset();
  }

  find(roomId: string): ChatRoom | undefined {
    return this.rooms.find((room) => room.id === roomId);
  }

  async refresh(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    try {
      const { rooms } = await transport.query(RoomsQuery, {});
      if (transport !== this.transport) return;
      this.rooms = sortRooms(rooms.map((room) => (room.id === this.openRoomId ? { ...room, unreadCount: 0 } : room)));
      this.loaded = true;
      this.error = null;
      this.syncFeeds();
    } catch (error) {
      if (transport === this.transport) this.error = asChatError(error).message;
    }
    this.changed();
  }

  /** The room by id, from the list or the server; null when it does not exist for the viewer. */
  async fetch(roomId: string): Promise<ChatRoom | null> {
    const known = this.find(roomId);
    if (known || !this.transport) return known ?? null;
    const { room } = await this.transport.query(RoomQuery, { id: roomId });
    if (room) this.put(room);
    return room;
  }

  async join(roomId: string): Promise<ChatRoom> {
    if (!this.transport) throw new Error('not signed in');
    const { joinRoom } = await this.transport.mutate(JoinRoomMutation, { roomId });
    this.put(joinRoom);
    return joinRoom;
  }

  /** Adds or replaces a room (after create, join, or start of a session). */
  put(room: ChatRoom): void {
    this.rooms = sortRooms(upsertRoom(this.rooms, room));
    this.syncFeeds();
    this.changed();
  }

  /** The open room was read to the end. */
  markRead(roomId: string): void {
    const room = this.find(roomId);
    if (room && room.unreadCount !== 0) this.put({ ...room, unreadCount: 0 });
  }

  private start(user: ChatUser, transport: Transport): void {
    this.reset();
    this.user = user;
    this.transport = transport;
    // After a drop, counts may have moved while we were away: the server's are the truth.
    this.offs.push(
      transport.onState((state, previous) => state === 'online' && previous !== 'connecting' && void this.refresh()),
    );
    this.timer = setInterval(() => transport.state === 'online' && void this.refresh(), REFRESH_MS);
    void this.refresh();
  }

  private reset(): void {
    clearInterval(this.timer);
    for (const stop of this.feeds.values()) stop();
    this.feeds.clear();
    for (const off of this.offs) off();
    this.offs = [];
    this.rooms = [];
    this.loaded = false;
    this.error = null;
    this.transport = null;
    this.user = null;
    this.openRoomId = null;
    this.changed();
  }

  private syncFeeds(): void {
    const transport = this.transport;
    if (!transport) return;
    const wanted = new Set(
      this.rooms
        .filter((r) => r.viewerIsMember)
        .slice(0, MAX_FEEDS)
        .map((r) => r.id),
    );
    for (const [roomId, stop] of this.feeds) {
      if (!wanted.has(roomId)) {
        stop();
        this.feeds.delete(roomId);
      }
    }
    for (const roomId of wanted) {
      if (this.feeds.has(roomId)) continue;
      const stop = liveSubscription(transport, MessageAddedSubscription, () => ({ roomId, after: null }), {
        next: (data) => this.arrived(roomId, data.messageAdded),
      });
      this.feeds.set(roomId, stop);
    }
  }

  private arrived(roomId: string, message: ChatMessage): void {
    const room = this.find(roomId);
    if (!room || !this.user) return;
    const fromOther = message.author.id !== this.user.id;
    const seen = roomId === this.openRoomId && this.isVisible();
    const unread = fromOther && !seen ? room.unreadCount + 1 : room.unreadCount;
    this.put({ ...room, unreadCount: unread, lastMessage: { ...message } });
    if (fromOther) {
      const { id, body, createdAt, author } = message;
      this.host.dispatchEvent(
        new McMessageEvent({ roomId, roomName: room.name, messageId: id, author: { ...author }, body, createdAt }),
      );
    }
  }

  private changed(): void {
    this.host.requestUpdate();
    const total = totalUnread(this.rooms);
    if (total === this.lastTotal) return;
    this.lastTotal = total;
    this.host.dispatchEvent(new McUnreadChangeEvent({ total, rooms: unreadByRoom(this.rooms) }));
  }
}
