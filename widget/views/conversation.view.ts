import { html, nothing, type TemplateResult } from 'lit';
import type { ChatRoom } from '../state/types.js';
import { lockIcon } from './icons.js';

export interface ConversationState {
  room: ChatRoom | null;
  loading: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  error: string | null;
  typing: string;
}

export interface ConversationActions {
  back(): void;
  loadOlder(): void;
}

/** The open room: its header, the live log (messages passed in), typing line and composer. */
export function conversationView(
  state: ConversationState,
  actions: ConversationActions,
  parts: { log: TemplateResult | typeof nothing; composer: TemplateResult },
) {
  const { room } = state;
  const name = room?.name ?? 'Room';
  return html`
    <section class="conversation" part="conversation" aria-label=${name}>
      <div class="conversation-head">
        <button class="back" @click=${actions.back} aria-label="Back to rooms">←</button>
        <h3>${room?.encrypted ? html`${lockIcon}<span class="sr-only">End-to-end encrypted: </span>` : nothing}${name}</h3>
      </div>
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${state.loading ? html`<p class="centered muted" role="status">Loading messages…</p>` : nothing}
      ${
        room && !state.loading
          ? html`
            <div class="log" part="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="Messages in ${name}" tabindex="0">
              ${
                state.hasOlder
                  ? html`<p class="centered"><button class="link" ?disabled=${state.loadingOlder} @click=${actions.loadOlder}>
                    ${state.loadingOlder ? 'Loading older messages…' : 'Load older messages'}</button></p>`
                  : html`<p class="day">Start of the conversation</p>`
              }
              ${parts.log}
            </div>
            <p class="typing" role="status" part="typing">${state.typing}</p>
            ${parts.composer}
          `
          : nothing
      }
    </section>
  `;
}
