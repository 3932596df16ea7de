import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { asChatError } from '../graphql/errors.js';
import { CreateRoomMutation, DirectoryQuery, StartSessionMutation } from '../graphql/rooms.operations.js';
import type { ChatRoom, ChatUser } from '../state/types.js';
import type { SessionController } from './session.controller.js';

export type NewConversationKind = 'private' | 'session';

const SEARCH_DELAY_MS = 250;

/**
 * Mentors start conversations: a private room with students picked from the
 * directory, or a one-to-one mentoring session with one student.
 */
export class MentorToolsController implements ReactiveController {
  kind: NewConversationKind = 'private';
  name = '';
  search = '';
  results: ChatUser[] = [];
  selected = new Map<string, ChatUser>();
  busy = false;
  searching = false;
  error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private searchTicket = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: SessionController,
  ) {
    host.addController(this);
    session.events.on('signed-out', () => this.reset());
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** Mentors and admins may create private rooms; only mentors start sessions (the contract's table). */
  static canUse(user: ChatUser | null): boolean {
    return user?.role === 'MENTOR' || user?.role === 'ADMIN';
  }

  begin(): void {
    this.reset();
    this.find('');
  }

  setKind(kind: NewConversationKind): void {
    this.kind = kind;
    if (kind === 'session' && this.selected.size > 1) this.selected = new Map([...this.selected].slice(0, 1));
    this.host.requestUpdate();
  }

  setName(name: string): void {
    this.name = name;
  }

  find(search: string): void {
    this.search = search;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runSearch(search), SEARCH_DELAY_MS);
  }

  toggle(user: ChatUser): void {
    const next = this.kind === 'session' ? new Map<string, ChatUser>() : new Map(this.selected);
    if (this.selected.has(user.id)) next.delete(user.id);
    else next.set(user.id, user);
    this.selected = next;
    this.host.requestUpdate();
  }

  /** Creates the room or session; resolves with it, or null when refused (the reason is in `error`). */
  async create(): Promise<ChatRoom | null> {
    const transport = this.session.transport;
    if (!transport || this.busy) return null;
    const ids = [...this.selected.keys()];
    if (this.kind === 'session' && ids.length !== 1) return this.fail('Pick the one student this session is with.');
    if (this.kind === 'private' && !this.name.trim()) return this.fail('Give the room a name.');
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      if (this.kind === 'session') {
        const topic = this.name.trim() || null;
        return (await transport.mutate(StartSessionMutation, { input: { studentId: ids[0], topic } }))
          .startMentoringSession;
      }
      const input = { name: this.name.trim(), kind: 'PRIVATE' as const, memberIds: ids };
      return (await transport.mutate(CreateRoomMutation, { input })).createRoom;
    } catch (error) {
      return this.fail(asChatError(error).message);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private async runSearch(search: string): Promise<void> {
    const transport = this.session.transport;
    if (!transport) return;
    const ticket = ++this.searchTicket;
    this.searching = true;
    this.host.requestUpdate();
    try {
      const data = await transport.query(DirectoryQuery, { search: search.trim() || null, role: 'STUDENT', first: 20 });
      if (ticket === this.searchTicket) this.results = data.directory.edges.map((e) => e.node);
    } catch (error) {
      if (ticket === this.searchTicket) this.error = asChatError(error).message;
    } finally {
      if (ticket === this.searchTicket) this.searching = false;
      this.host.requestUpdate();
    }
  }

  private fail(message: string): null {
    this.error = message;
    this.host.requestUpdate();
    return null;
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.kind = 'private';
    this.name = '';
    this.search = '';
    this.results = [];
    this.selected = new Map();
    this.error = null;
    this.busy = false;
  }
}
