import { html, nothing } from 'lit';
import { charactersLeft } from '../state/format.js';

export interface ComposerState {
  roomName: string;
  draft: string;
  warning: string | null;
  error: string | null;
  editing: boolean;
  /** Why the box is read-only (an encrypted room on a device without keys), if it is. */
  disabledReason: string | null;
}

export interface ComposerActions {
  input(text: string): void;
  submit(confirmed: boolean): void;
  cancelEdit(): void;
  dismissWarning(): void;
  blur(): void;
}

function onKeydown(actions: ComposerActions, editing: boolean) {
  return (event: KeyboardEvent) => {
    // Enter sends, Shift+Enter breaks the line; composing (IME) text is never sent half-way.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      actions.submit(false);
    } else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      actions.cancelEdit();
    }
  };
}

/** The message box: Enter sends, a counter near the limit, the contact-details question. */
export function composerView(state: ComposerState, actions: ComposerActions) {
  const left = charactersLeft(state.draft);
  if (state.disabledReason) {
    return html`<div class="composer" part="composer"><p class="muted">${state.disabledReason}</p></div>`;
  }
  return html`
    <form class="composer" part="composer" @submit=${(e: Event) => {
      e.preventDefault();
      actions.submit(false);
    }}>
      ${
        state.warning
          ? html`<div class="notice" role="alert" part="pii-warning">
            ${state.warning}
            <div class="actions">
              <button type="button" @click=${() => actions.submit(true)}>Send anyway</button>
              <button type="button" @click=${actions.dismissWarning}>Edit message</button>
            </div>
          </div>`
          : nothing
      }
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${
        state.editing
          ? html`<p class="muted" id="mc-editing">Editing your message. Press Escape to cancel.
            <button type="button" class="link" @click=${actions.cancelEdit}>Cancel editing</button></p>`
          : nothing
      }
      <div class="row">
        <label class="sr-only" for="mc-input">Message to ${state.roomName}</label>
        <textarea id="mc-input" part="input" rows="2" .value=${state.draft} placeholder="Write a message…"
          aria-describedby="mc-composer-hint" @input=${(e: Event) => actions.input((e.target as HTMLTextAreaElement).value)}
          @keydown=${onKeydown(actions, state.editing)} @blur=${actions.blur}></textarea>
        <button class="primary" type="submit" part="send-button" ?disabled=${!state.draft.trim()}>
          ${state.editing ? 'Save' : 'Send'}
        </button>
      </div>
      <p class="hint" id="mc-composer-hint">
        <span>Enter to send, Shift+Enter for a new line</span>
        ${left !== null ? html`<span class=${left < 0 ? 'over' : ''}>${left} characters left</span>` : nothing}
      </p>
    </form>
  `;
}
