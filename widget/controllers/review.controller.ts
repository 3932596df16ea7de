import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { asChatError } from '../graphql/errors.js';
import type { ReviewableSessionsQuery as SessionsResult } from '../graphql/generated/graphql.js';
import { OlderMessagesQuery } from '../graphql/messages.operations.js';
import {
  OpenSessionForReviewMutation,
  ReviewableSessionsQuery,
  ReviewHistoryQuery,
  ViewerLeadQuery,
} from '../graphql/review.operations.js';
import { DirectoryQuery } from '../graphql/rooms.operations.js';
import type { Transport } from '../graphql/transport.js';
import { mergeMessages } from '../state/message-list.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import type { E2eController } from './e2e.controller.js';
import type { SessionController } from './session.controller.js';

/** A session as the lead finds it: name, people, start; nothing of what was said. */
export type ReviewableSession = SessionsResult['reviewableSessions'][number];

/** The session being read: only ever one the lead opened for review. */
export interface ReviewedRoom {
  id: string;
  name: string;
  encrypted: boolean;
}

const SEARCH_DELAY_MS = 250;
const OLDER_PAGE = 30;
/** As the server counts a reason: whitespace runs collapsed, trimmed, code points. */
export const REASON_CHARS = { min: 10, max: 500 };
const reasonLength = (text: string) => [...text.replace(/\s+/g, ' ').trim()].length;

/**
 * The safeguarding lead's side of session review: find a participant's sessions, open one
 * for review only through an explicit action with a reason (audited, and announced to both
 * participants by the server), then read its history with the keys wrapped for this
 * device. Nothing of a session is fetched before it is opened.
 */
export class ReviewController implements ReactiveController {
  /** Whether the signed-in person is the designated safeguarding lead. */
  isLead = false;
  /** Whether the review tools are on screen (instead of a room). */
  active = false;
  search = '';
  people: ChatUser[] = [];
  participant: ChatUser | null = null;
  sessions: ReviewableSession[] = [];
  /** The session the lead is giving a reason for. */
  confirming: ReviewableSession | null = null;
  reason = '';
  busy = false;
  error: string | null = null;
  room: ReviewedRoom | null = null;
  messages: ChatMessage[] = [];
  hasOlder = false;
  private olderCursor: string | null = null;
  private transport: Transport | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticket = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    session: SessionController,
    private readonly e2e: E2eController,
  ) {
    host.addController(this);
    session.events.on('signed-in', (user, transport) => this.start(user, transport));
    session.events.on('signed-out', () => {
      this.transport = null;
      this.isLead = false;
      this.end();
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private async start(user: ChatUser, transport: Transport): Promise<void> {
    this.transport = transport;
    this.isLead = false;
    this.end();
    if (user.role !== 'ADMIN') return;
    try {
      const { me } = await transport.query(ViewerLeadQuery, {});
      if (transport === this.transport) this.isLead = Boolean(me?.safeguardingLead);
    } catch {
      // Without the answer the tools stay hidden; the server refuses a non-lead anyway.
    }
    this.host.requestUpdate();
  }

  /** Shows the review tools, starting with the people search. */
  begin(): void {
    this.end();
    this.active = true;
    this.find('');
  }

  /** Leaves the review tools and forgets what was on screen. */
  end(): void {
    this.ticket += 1;
    clearTimeout(this.timer);
    this.active = false;
    this.search = '';
    this.people = [];
    this.participant = null;
    this.sessions = [];
    this.error = null;
    this.closeSession();
  }

  find(search: string): void {
    this.search = search;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runSearch(search), SEARCH_DELAY_MS);
  }

  /** Lists a participant's sessions (no messages, no keys). */
  async pick(user: ChatUser): Promise<void> {
    this.participant = user;
    this.confirming = null;
    await this.loadSessions();
  }

  /** "Open for review…": asks for the reason first; a session already opened is read again at once. */
  ask(session: ReviewableSession): void {
    if (session.openedForReview) {
      void this.read(session.roomId);
      return;
    }
    this.confirming = session;
    this.reason = '';
    this.error = null;
    this.host.requestUpdate();
  }

  setReason(reason: string): void {
    this.reason = reason;
  }

  cancel(): void {
    this.confirming = null;
    this.error = null;
    this.host.requestUpdate();
  }

  /** Opens the session for review with the reason given, then reads it. */
  async confirm(): Promise<boolean> {
    const { transport, confirming } = this;
    if (!transport || !confirming || this.busy) return false;
    const length = reasonLength(this.reason);
    if (length < REASON_CHARS.min || length > REASON_CHARS.max) {
      return this.fail(`Give a reason of ${REASON_CHARS.min} to ${REASON_CHARS.max} characters.`);
    }
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await transport.mutate(OpenSessionForReviewMutation, { roomId: confirming.roomId, reason: this.reason });
      this.confirming = null;
      this.reason = '';
      await this.read(confirming.roomId);
      return true;
    } catch (error) {
      return this.fail(asChatError(error).message);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** Loads the history of a session opened for review and the keys wrapped for this device. */
  async read(roomId: string): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const ticket = ++this.ticket;
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const { room } = await transport.query(ReviewHistoryQuery, { id: roomId });
      if (ticket !== this.ticket) return;
      if (!room) throw new Error('not readable');
      const again = this.room?.id === room.id;
      this.room = { id: room.id, name: room.name, encrypted: room.encrypted };
      this.messages = mergeMessages(
        again ? this.messages : [],
        room.messages.edges.map((e) => e.node),
      );
      this.hasOlder = room.messages.pageInfo.hasPreviousPage;
      this.olderCursor = room.messages.pageInfo.startCursor ?? null;
      // A reviewer only takes keys: never passes one on (share), never makes one (make).
      if (room.encrypted) await this.e2e.prepareRoom(room.id, this.messages, false, false);
    } catch (error) {
      if (ticket === this.ticket) this.error = asChatError(error).message;
    } finally {
      if (ticket === this.ticket) this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** New messages since: the lead cannot subscribe to the room, so history is fetched again. */
  refresh(): Promise<void> {
    return this.room ? this.read(this.room.id) : Promise.resolve();
  }

  async loadOlder(): Promise<void> {
    const { transport, room, olderCursor } = this;
    if (!transport || !room || !olderCursor || !this.hasOlder) return;
    const ticket = this.ticket;
    try {
      const data = await transport.query(OlderMessagesQuery, { id: room.id, before: olderCursor, last: OLDER_PAGE });
      if (ticket !== this.ticket || !data.room) return;
      this.messages = mergeMessages(
        this.messages,
        data.room.messages.edges.map((e) => e.node),
      );
      this.hasOlder = data.room.messages.pageInfo.hasPreviousPage;
      this.olderCursor = data.room.messages.pageInfo.startCursor ?? this.olderCursor;
    } catch (error) {
      this.error = asChatError(error).message;
    }
    this.host.requestUpdate();
  }

  /** Back from a session to the list of sessions (refreshed: one may have been opened). */
  closeSession(): void {
    this.ticket += 1;
    this.room = null;
    this.messages = [];
    this.hasOlder = false;
    this.olderCursor = null;
    this.confirming = null;
    this.reason = '';
    this.busy = false;
    if (this.participant) void this.loadSessions();
    this.host.requestUpdate();
  }

  private async loadSessions(): Promise<void> {
    const { transport, participant } = this;
    if (!transport || !participant) return;
    const ticket = this.ticket;
    try {
      const data = await transport.query(ReviewableSessionsQuery, { participantId: participant.id });
      if (ticket === this.ticket) this.sessions = data.reviewableSessions;
    } catch (error) {
      if (ticket === this.ticket) this.error = asChatError(error).message;
    }
    this.host.requestUpdate();
  }

  private async runSearch(search: string): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const ticket = this.ticket;
    try {
      const data = await transport.query(DirectoryQuery, { search: search.trim() || null, role: null, first: 20 });
      if (ticket !== this.ticket || search !== this.search) return;
      // Sessions are between a mentor and a student: other admins have none.
      this.people = data.directory.edges.map((e) => e.node).filter((u) => u.role === 'MENTOR' || u.role === 'STUDENT');
    } catch (error) {
      if (ticket === this.ticket) this.error = asChatError(error).message;
    }
    this.host.requestUpdate();
  }

  private fail(message: string): false {
    this.error = message;
    this.host.requestUpdate();
    return false;
  }
}
