import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { McErrorEvent } from '../events.js';
import type { ChatError } from '../graphql/errors.js';
import { bodyLength, MAX_BODY } from '../state/format.js';
import { detectPii, piiWarning } from '../state/pii.js';
import type { ChatMessage, PendingSend } from '../state/types.js';
import type { MessagesController } from './messages.controller.js';
import type { OutboxController } from './outbox.controller.js';
import type { SessionController } from './session.controller.js';
import type { TypingController } from './typing.controller.js';

/**
 * The message box of the open room: its draft (kept per room in the tab until sign-out),
 * the "looks like a phone number" check before sending, editing one's own message,
 * and the text of a refused send put back with the server's reason.
 */
export class ComposerController implements ReactiveController {
  draft = '';
  /** Set when the draft looks like contact details: the next submit must confirm. */
  warning: string | null = null;
  error: string | null = null;
  editing: ChatMessage | null = null;
  private roomId: string | null = null;
  private drafts: Record<string, string> = {};
  private stash = '';

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly session: SessionController,
    private readonly messages: MessagesController,
    private readonly outbox: OutboxController,
    private readonly typing: TypingController,
  ) {
    host.addController(this);
    session.events.on('signed-in', () => {
      this.drafts = session.storage.read<Record<string, string>>('drafts', {});
    });
    session.events.on('signed-out', () => this.reset());
    messages.events.on('opened', (room) => this.switchRoom(room.id));
    messages.events.on('closed', () => this.switchRoom(null));
    outbox.onRejected = (item, error) => this.rejected(item, error);
  }

  hostConnected(): void {}

  input(text: string): void {
    this.draft = text;
    this.warning = null;
    if (!this.editing) this.saveDraft();
    if (text.trim()) this.typing.typed();
    else this.typing.stopped();
    this.host.requestUpdate();
  }

  /** Sends (or saves an edit). `confirmed` skips the contact-details question. */
  async submit(confirmed = false): Promise<void> {
    const text = this.draft.trim();
    const roomId = this.roomId;
    if (!text || !roomId) return;
    if (bodyLength(text) > MAX_BODY) {
      this.error = `A message can be at most ${MAX_BODY.toLocaleString('en')} characters.`;
      return this.host.requestUpdate();
    }
    const kinds = detectPii(text);
    if (!confirmed && kinds.length > 0) {
      this.warning = piiWarning(kinds);
      return this.host.requestUpdate();
    }
    this.warning = null;
    this.error = null;
    if (this.editing) {
      // Leave edit mode at once, so text typed while the request is out is a new message.
      const message = this.editing;
      this.cancelEdit();
      if (!(await this.messages.edit(message.id, text)) && !this.editing) {
        this.startEdit({ ...message, body: text });
        this.error = this.messages.error;
      }
      return;
    }
    this.outbox.send(roomId, text);
    this.draft = '';
    this.saveDraft();
    this.typing.stopped();
    this.host.requestUpdate();
  }

  startEdit(message: ChatMessage): void {
    if (!this.editing) this.stash = this.draft;
    this.editing = message;
    this.draft = message.body ?? '';
    this.warning = null;
    this.host.requestUpdate();
  }

  cancelEdit(): void {
    this.editing = null;
    this.draft = this.stash;
    this.stash = '';
    this.host.requestUpdate();
  }

  dismissWarning(): void {
    this.warning = null;
    this.host.requestUpdate();
  }

  private rejected(item: PendingSend, error: ChatError): void {
    // The text goes back where it was typed, ahead of anything typed since.
    const current = item.roomId === this.roomId ? this.draft : (this.drafts[item.roomId] ?? '');
    const restored = current.trim() ? `${item.body}\n${current}` : item.body;
    this.drafts[item.roomId] = restored;
    if (item.roomId === this.roomId) {
      this.draft = restored;
      this.error = `Not sent: ${error.message}`;
    }
    this.session.storage.write('drafts', this.drafts);
    this.host.requestUpdate();
    this.host.dispatchEvent(new McErrorEvent({ code: error.code, message: error.message }));
  }

  private switchRoom(roomId: string | null): void {
    if (this.roomId === roomId) return;
    this.typing.stopped();
    this.roomId = roomId;
    this.editing = null;
    this.stash = '';
    this.warning = null;
    this.error = null;
    this.draft = roomId ? (this.drafts[roomId] ?? '') : '';
    this.host.requestUpdate();
  }

  private saveDraft(): void {
    if (!this.roomId) return;
    if (this.draft) this.drafts[this.roomId] = this.draft;
    else delete this.drafts[this.roomId];
    this.session.storage.write('drafts', Object.keys(this.drafts).length ? this.drafts : null);
  }

  private reset(): void {
    this.drafts = {};
    this.roomId = null;
    this.draft = '';
    this.stash = '';
    this.editing = null;
    this.warning = null;
    this.error = null;
  }
}
