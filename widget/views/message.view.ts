import { html, nothing } from 'lit';
import { formatDay, formatFull, formatTime, roleBadge } from '../state/format.js';
import type { MessageGroup } from '../state/grouping.js';
import type { ChatMessage, PendingSend } from '../state/types.js';

export interface MessageState {
  /** Which message shows its receipt line (the viewer's newest), and the line. */
  receipt: { messageId: string; label: string } | null;
  canEdit(message: ChatMessage): boolean;
  canDelete(message: ChatMessage): boolean;
  /** An encrypted message opened (or the notice in its place, or `opening` until then); null for plaintext. */
  show(message: ChatMessage): { text: string } | { note: string } | { opening: true } | null;
  confirmingDelete: string | null;
}

export interface MessageActions {
  edit(message: ChatMessage): void;
  askDelete(messageId: string | null): void;
  confirmDelete(messageId: string): void;
}

/** The words shown for a message: its text, or a calm note for tombstones and sealed messages. */
function content(message: ChatMessage, state: MessageState) {
  if (message.deletedAt) return html`<p class="note">This message was deleted.</p>`;
  if (message.kind === 'SYSTEM') return html`<p class="note system" role="note">${message.body ?? ''}</p>`;
  const shown = state.show(message);
  if (shown) {
    // Opened in the background within a few milliseconds: an empty line holds its place.
    if ('opening' in shown) return html`<p class="text opening" aria-busy="true">&nbsp;</p>`;
    return 'text' in shown
      ? html`<p class="text" dir="auto">${shown.text}</p>`
      : html`<p class="note" data-e2e-notice>${shown.note}</p>`;
  }
  if (message.body === null) {
    return html`<p class="note">This message is end-to-end encrypted and cannot be shown on this device yet.</p>`;
  }
  // Untrusted text: a Lit text binding, never parsed as HTML.
  return html`<p class="text" dir="auto">${message.body}</p>`;
}

function actionsFor(message: ChatMessage, state: MessageState, actions: MessageActions) {
  if (message.deletedAt) return nothing;
  const edit = state.canEdit(message);
  const del = state.canDelete(message);
  if (!edit && !del) return nothing;
  if (state.confirmingDelete === message.id) {
    return html`<div class="actions confirm" role="group" aria-label="Confirm deletion">
      <span>Delete this message?</span>
      <button @click=${() => actions.confirmDelete(message.id)}>Delete</button>
      <button @click=${() => actions.askDelete(null)}>Keep</button>
    </div>`;
  }
  return html`<div class="actions">
    ${edit ? html`<button aria-label="Edit message sent at ${formatTime(message.createdAt)}" @click=${() => actions.edit(message)}>Edit</button>` : nothing}
    ${del ? html`<button aria-label="Delete message sent at ${formatTime(message.createdAt)}" @click=${() => actions.askDelete(message.id)}>Delete</button>` : nothing}
  </div>`;
}

function messageView(group: MessageGroup, message: ChatMessage, state: MessageState, actions: MessageActions) {
  const badge = roleBadge(group.author.role);
  return html`
    <div class="msg ${message.deletedAt ? 'deleted' : ''}" part="message ${group.own ? 'own-message' : ''}" data-id=${message.id}
      data-seq=${message.seq} title=${formatFull(message.createdAt)}>
      <span class="sr-only">${group.own ? 'You' : group.author.displayName}${badge ? ` (${badge})` : ''}, ${formatTime(message.createdAt)}:</span>
      ${content(message, state)}
      ${message.editedAt && !message.deletedAt ? html`<span class="edited">(edited)</span>` : nothing}
      ${actionsFor(message, state, actions)}
    </div>
    ${state.receipt?.messageId === message.id ? html`<p class="receipt" part="receipt">${state.receipt.label}</p>` : nothing}
  `;
}

/** One author's run of messages, with a day separator above it when a new day starts. */
export function groupView(group: MessageGroup, state: MessageState, actions: MessageActions) {
  const first = group.messages[0];
  const badge = roleBadge(group.author.role);
  return html`
    ${group.startsDay ? html`<p class="day" aria-hidden="true">${formatDay(first.createdAt)}</p>` : nothing}
    <div class="group ${group.own ? 'own' : ''}">
      <p class="meta" aria-hidden="true">
        <span class="author">${group.own ? 'You' : group.author.displayName}</span>
        ${badge ? html`<span class="badge">${badge}</span>` : nothing}
        <time datetime=${first.createdAt}>${formatTime(first.createdAt)}</time>
      </p>
      ${group.messages.map((m) => messageView(group, m, state, actions))}
    </div>
  `;
}

/** Messages typed here that the server has not acknowledged yet. */
export function pendingView(items: readonly PendingSend[]) {
  if (items.length === 0) return nothing;
  return html`<div class="group own">
    ${items.map(
      (item) => html`
        <div class="msg pending" part="message own-message pending-message" data-client-id=${item.clientId}>
          <p class="text" dir="auto">${item.body}</p>
        </div>
        <p class="pending-state">${item.state === 'sending' ? 'Sending…' : 'Waiting for the connection: it will be sent automatically.'}</p>
      `,
    )}
  </div>`;
}
