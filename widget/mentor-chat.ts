import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ComposerController } from './controllers/composer.controller.js';
import { E2eController } from './controllers/e2e.controller.js';
import { FocusController } from './controllers/focus.controller.js';
import { IdleController } from './controllers/idle.controller.js';
import { KeyBackupController } from './controllers/key-backup.controller.js';
import { MentorToolsController } from './controllers/mentor-tools.controller.js';
import { MessagesController } from './controllers/messages.controller.js';
import { NavigationController } from './controllers/navigation.controller.js';
import { OutboxController } from './controllers/outbox.controller.js';
import { ReceiptsController } from './controllers/receipts.controller.js';
import { ReviewController } from './controllers/review.controller.js';
import { RoomsController } from './controllers/rooms.controller.js';
import { ScrollController } from './controllers/scroll.controller.js';
import { SessionController } from './controllers/session.controller.js';
import { TypingController } from './controllers/typing.controller.js';
import { mentorChatStyles } from './mentor-chat.styles.js';
import { totalUnread } from './state/rooms.js';
import { scopeFor } from './state/storage.js';
import type { ChatRoom } from './state/types.js';
import { headerView, launcherView, linkStateView } from './views/chrome.view.js';
import { conversationPanel } from './views/conversation-panel.js';
import { keyBackupButton, keyBackupPanel, restoreOffer } from './views/key-backup-panel.js';
import { reviewPanel } from './views/review-panel.js';
import { roomListView } from './views/room-list.view.js';
import { type AuthTab, signInView } from './views/sign-in.view.js';

/** The chat server's GraphQL endpoint next to where this script was loaded from. */
const DEFAULT_ENDPOINT = new URL(/* @vite-ignore */ '/graphql', import.meta.url).href;

/**
 * `<mentor-chat>`: an embeddable school chat. Talks to the mentor-chat server over
 * GraphQL (HTTP for reads and writes, graphql-ws for live events).
 *
 * @fires mc-message - Someone else wrote in one of the viewer's rooms. `detail: { roomId, roomName, messageId, author, body, createdAt }`
 * @fires mc-unread-change - The total of unread messages changed. `detail: { total, rooms }`
 * @fires mc-signed-in - A session started. `detail: { user }`
 * @fires mc-signed-out - The session ended and the widget cleared its data. `detail: { reason: 'user' | 'idle' | 'expired' }`
 * @fires mc-error - A failure the person was shown. `detail: { code, message }`
 * @fires mc-connection-change - `detail: { state: 'connecting' | 'online' | 'reconnecting' | 'offline' }`
 *
 * @csspart launcher - The floating button (launcher mode).
 * @csspart panel - The chat panel.
 * @csspart header - The panel's title bar.
 * @csspart viewer - The signed-in person's name in the header.
 * @csspart sign-out - The sign-out button.
 * @csspart status - The connection line ("Reconnecting…", "Offline…").
 * @csspart sign-in - The sign-in, register and guest forms.
 * @csspart room-list - The list of rooms.
 * @csspart room - One room button in the list.
 * @csspart conversation - The open room.
 * @csspart log - The message log.
 * @csspart message - One message bubble (also `own-message`, `pending-message`).
 * @csspart receipt - "Sent" / "Seen by …" under the viewer's newest message.
 * @csspart typing - The "… is typing" line.
 * @csspart composer - The message box area.
 * @csspart input - The message text area.
 * @csspart send-button - The send button.
 * @csspart pii-warning - The "looks like a phone number" question.
 * @csspart new-conversation - The mentors' new room / session form.
 * @csspart key-backup - The key backup screen (protect access with a passphrase, or restore it).
 * @csspart key-backup-button - The header's "Key backup" button.
 * @csspart key-backup-offer - The offer to restore access to past sessions in a new browser.
 * @csspart review - The safeguarding lead's review tools (finding, opening and reading a session).
 *
 * @cssprop --mc-font-family - Font stack.
 * @cssprop --mc-font-size - Base font size (default 15px).
 * @cssprop --mc-bg - Panel background.
 * @cssprop --mc-surface - Header and hover background.
 * @cssprop --mc-fg - Text colour.
 * @cssprop --mc-muted - Secondary text colour.
 * @cssprop --mc-border - Borders and input outlines.
 * @cssprop --mc-accent - Buttons, links, unread badges.
 * @cssprop --mc-accent-fg - Text on the accent colour.
 * @cssprop --mc-own-bg - The viewer's message bubbles.
 * @cssprop --mc-own-fg - Text in the viewer's bubbles.
 * @cssprop --mc-other-bg - Others' message bubbles.
 * @cssprop --mc-badge-bg - Role badge background.
 * @cssprop --mc-badge-fg - Role badge text.
 * @cssprop --mc-danger - Errors.
 * @cssprop --mc-warning-bg - Notices and the connection line background.
 * @cssprop --mc-warning-fg - Notices and the connection line text.
 * @cssprop --mc-focus - Focus ring colour.
 * @cssprop --mc-radius - Corner radius of the panel and bubbles.
 * @cssprop --mc-panel-width - Launcher panel width (default 380px).
 * @cssprop --mc-panel-height - Launcher panel height (default 580px).
 * @cssprop --mc-launcher-right - Launcher distance from the right edge (default 20px).
 * @cssprop --mc-launcher-bottom - Launcher distance from the bottom edge (default 20px).
 * @cssprop --mc-z-index - Launcher stacking order.
 * @cssprop --mc-unread-bg - Launcher unread count background.
 * @cssprop --mc-unread-fg - Launcher unread count text.
 */
export class MentorChat extends LitElement {
  static override styles = mentorChatStyles;

  /** The server's GraphQL URL. Defaults to `/graphql` on the server that served the script. */
  @property() endpoint = DEFAULT_ENDPOINT;
  /** A session token the host page already holds (signs in without a form). */
  @property() token = '';
  /** A JWT signed by the host portal (single sign-on); exchanged once for a session. */
  @property({ attribute: 'portal-token' }) portalToken = '';
  /** A room id to open (public rooms are joined). Follows the person's navigation. */
  @property() room = '';
  /** `inline` fills its box; `launcher` is a floating button that opens a panel. */
  @property({ reflect: true }) mode: 'inline' | 'launcher' = 'inline';
  /** `light`, `dark`, or `auto` (follows the operating system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** Seconds without activity on the page before signing out (0: never). For shared computers. */
  @property({ attribute: 'idle-timeout', type: Number }) idleTimeout = 0;
  /** Launcher mode: whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private authTab: AuthTab = 'sign-in';

  private readonly session = new SessionController(this);
  private readonly rooms = new RoomsController(this, this.session);
  private readonly messages = new MessagesController(this, this.session, this.rooms);
  private readonly outbox = new OutboxController(this, this.session);
  private readonly e2e = new E2eController(this, this.session, () => scopeFor(this.endpoint));
  /** The safeguarding lead's review tools (hidden from everyone else). */
  private readonly review = new ReviewController(this, this.session, this.e2e);
  /** The key backup: protect access with a passphrase, restore it in a new browser. */
  private readonly keyBackup = new KeyBackupController(this, this.session, this.e2e, () => this.rooms.rooms);
  private readonly typing = new TypingController(this, this.messages);
  private readonly receipts = new ReceiptsController(this, this.messages);
  private readonly composer = new ComposerController(this, this.session, this.messages, this.outbox, this.typing);
  private readonly tools = new MentorToolsController(this, this.session);
  private readonly scroller = new ScrollController(this, () => void this.messages.loadOlder());
  private readonly idle = new IdleController(this, () => this.session.signOut('idle'));
  /** Last, so that it runs once the other controllers have handled the update. */
  private readonly focusAfter = new FocusController(this);
  private readonly keyBackupContext = {
    keys: this.keyBackup,
    show: (open: boolean, replacing?: boolean) => this.showKeys(open, replacing),
  };
  private readonly nav = new NavigationController(this, this.session, {
    rooms: this.rooms,
    review: this.review,
    tools: this.tools,
    focus: this.focusAfter,
  });
  private readonly onVisibility = () => this.messages.markReadSoon();

  constructor() {
    super();
    const visible = () => (this.mode !== 'launcher' || this.open) && globalThis.document?.visibilityState !== 'hidden';
    this.messages.isVisible = visible;
    this.rooms.isVisible = visible;
    this.outbox.onDelivered = (message, roomId) => this.messages.delivered(message, roomId);
    this.outbox.seal = (roomId, body) => this.e2e.seal(roomId, body);
    this.messages.events.on('opened', (room) => {
      if (room.encrypted) this.e2e.watch(room.id, () => this.messages.messages);
    });
    this.messages.events.on('closed', () => this.e2e.watch(null));
    this.session.events.on('signed-in', () => {
      if (this.room) void this.messages.open(this.room);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    super.disconnectedCallback();
  }

  /** Signs out: revokes the session and removes every trace of it from this browser. */
  signOut(): void {
    this.session.signOut('user');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('token') || changed.has('portalToken')) {
      this.session.configure(this.endpoint, this.token, this.portalToken);
    }
    if (changed.has('room')) {
      this.nav.roomChanged();
      if (this.session.status === 'signed-in') {
        if (this.room) void this.messages.open(this.room);
        else this.messages.close();
      }
    }
    if (changed.has('open') && this.open) this.messages.markReadSoon();
    this.idle.configure(this.idleTimeout, this.session.status === 'signed-in');
  }

  override render() {
    if (this.mode !== 'launcher') return this.panel();
    return html`${launcherView(this.open, totalUnread(this.rooms.rooms), () => this.toggle())}${this.open ? this.panel() : nothing}`;
  }

  private panel() {
    const launcher = this.mode === 'launcher';
    const { room, loading, error } = this.messages;
    const busyRoom = this.nav.creating || this.review.active || Boolean(room || loading || error);
    return html`
      <section id="mc-panel" class="panel" part="panel" role=${launcher ? 'dialog' : 'region'} aria-labelledby="mc-title"
        tabindex="-1" @keydown=${this.onPanelKey}>
        ${headerView(this.session.user, {
          signOut: () => this.signOut(),
          close: launcher ? () => this.toggle() : null,
          keys: keyBackupButton(this.keyBackupContext),
        })}
        ${linkStateView(this.session.link)}
        ${restoreOffer(this.keyBackupContext)}
        <div class="body ${busyRoom ? 'has-room' : ''}">${this.keyBackup.open ? keyBackupPanel(this.keyBackupContext) : this.body()}</div>
      </section>
    `;
  }

  private body() {
    const { session } = this;
    if (session.status === 'starting') return html`<p class="centered muted" role="status">Signing you in…</p>`;
    if (session.status === 'signed-out' || !session.user) {
      return signInView(
        { tab: this.authTab, busy: session.busy, error: session.formError, notice: session.notice },
        {
          tab: (tab) => (this.authTab = tab),
          signIn: (handle, password) => this.afterAuth(session.signIn(handle, password)),
          register: (handle, name, password) => this.afterAuth(session.register(handle, name, password)),
          guest: (name) => this.afterAuth(session.joinAsGuest(name)),
        },
      );
    }
    const list = roomListView(
      {
        rooms: this.rooms.rooms,
        openRoomId: this.messages.roomId,
        loaded: this.rooms.loaded,
        error: this.rooms.error,
        canCreate: MentorToolsController.canUse(session.user),
        canReview: this.review.isLead,
      },
      {
        open: (roomId) => this.nav.openRoom(roomId),
        newConversation: () => this.nav.newConversation(),
        review: () => this.nav.startReview(),
      },
    );
    const side = this.review.active
      ? reviewPanel({ user: session.user, review: this.review, e2e: this.e2e })
      : conversationPanel(this.conversationContext());
    return html`${list}${side}`;
  }

  private conversationContext() {
    return {
      user: this.session.user,
      creating: this.nav.creating,
      messages: this.messages,
      composer: this.composer,
      outbox: this.outbox,
      e2e: this.e2e,
      receipts: this.receipts,
      typing: this.typing,
      tools: this.tools,
      confirmingDelete: this.nav.confirmingDelete,
      setConfirmingDelete: (id: string | null) => (this.nav.confirmingDelete = id),
      back: () => this.nav.back(),
      created: (room: ChatRoom) => this.nav.created(room),
      sent: () => this.scroller.pin(),
      focusComposer: () => this.focusAfter.next('#mc-input'),
    };
  }

  private async afterAuth(done: Promise<void>): Promise<void> {
    await done;
    if (this.session.status !== 'signed-in') return;
    this.focusAfter.next(this.room ? '#mc-input' : 'nav.rooms');
    this.requestUpdate();
  }

  private showKeys(open: boolean, replacing = false): void {
    this.keyBackup.show(open, replacing);
    this.focusAfter.next(open ? '#mc-key-backup input' : "[part='key-backup-button']");
  }

  private toggle(): void {
    this.open = !this.open;
    if (this.open && this.session.status === 'signed-in') void this.rooms.refresh();
    this.focusAfter.next(this.open ? '#mc-panel' : '.launcher');
  }

  private onPanelKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mode === 'launcher' && !this.composer.editing && !event.defaultPrevented) {
      event.stopPropagation();
      this.toggle();
    }
  }
}
