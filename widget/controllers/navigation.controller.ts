import type { ReactiveControllerHost } from 'lit';
import type { ChatRoom } from '../state/types.js';
import type { FocusController } from './focus.controller.js';
import type { MentorToolsController } from './mentor-tools.controller.js';
import type { ReviewController } from './review.controller.js';
import type { RoomsController } from './rooms.controller.js';
import type { SessionController } from './session.controller.js';

/** The element as navigation sees it: its `room` property follows the person's steps. */
type NavigationHost = ReactiveControllerHost & { room: string };

/**
 * The person's steps between the panel's sides (a room, the mentors' new-conversation form,
 * the lead's review tools), and where focus lands after each. The `room` property follows
 * them without becoming the host's room, which sign-out returns to.
 */
export class NavigationController {
  private creatingForm = false;
  private deleting: string | null = null;
  /** The room the host asked for; the person's own navigation does not change it. */
  private hostRoom = '';
  private navigating = false;

  constructor(
    private readonly host: NavigationHost,
    session: SessionController,
    private readonly parts: {
      rooms: RoomsController;
      review: ReviewController;
      tools: MentorToolsController;
      focus: FocusController;
    },
  ) {
    session.events.on('signed-out', () => {
      this.setCreating(false);
      this.confirmingDelete = null;
      this.go(this.hostRoom);
    });
  }

  /** Whether the mentors' new-conversation form is shown. */
  get creating(): boolean {
    return this.creatingForm;
  }

  private setCreating(value: boolean): void {
    if (value === this.creatingForm) return;
    this.creatingForm = value;
    this.host.requestUpdate();
  }

  /** The message whose deletion waits for confirmation. */
  get confirmingDelete(): string | null {
    return this.deleting;
  }

  set confirmingDelete(id: string | null) {
    if (id === this.deleting) return;
    this.deleting = id;
    this.host.requestUpdate();
  }

  /** The `room` property changed: from the host, unless it followed the person's step. */
  roomChanged(): void {
    if (!this.navigating) this.hostRoom = this.host.room;
    this.navigating = false;
  }

  openRoom(roomId: string): void {
    this.setCreating(false);
    this.parts.review.end();
    this.parts.focus.next('#mc-input');
    this.go(roomId);
  }

  newConversation(): void {
    this.parts.review.end();
    this.parts.tools.begin();
    this.setCreating(true);
    this.parts.focus.next('#mc-room-name');
  }

  startReview(): void {
    this.setCreating(false);
    this.go('');
    this.parts.review.begin();
    this.parts.focus.next('#mc-review-search');
  }

  /** Back to the room list (narrow panels show one side at a time). */
  back(): void {
    this.setCreating(false);
    this.parts.focus.next('nav.rooms');
    this.go('');
    void this.parts.rooms.refresh();
  }

  created(room: ChatRoom): void {
    this.parts.rooms.put(room);
    this.setCreating(false);
    this.parts.focus.next('#mc-input');
    this.go(room.id);
  }

  /** The person navigates: the `room` property follows, without becoming the host's room. */
  private go(roomId: string): void {
    if (roomId === this.host.room) return;
    this.navigating = true;
    this.host.room = roomId;
  }
}
