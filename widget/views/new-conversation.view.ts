import { html, nothing } from 'lit';
import type { NewConversationKind } from '../controllers/mentor-tools.controller.js';
import type { ChatUser } from '../state/types.js';

export interface NewConversationState {
  kind: NewConversationKind;
  allowSession: boolean;
  name: string;
  search: string;
  results: readonly ChatUser[];
  selected: ReadonlyMap<string, ChatUser>;
  searching: boolean;
  busy: boolean;
  error: string | null;
}

export interface NewConversationActions {
  kind(kind: NewConversationKind): void;
  name(name: string): void;
  search(text: string): void;
  toggle(user: ChatUser): void;
  create(): void;
  cancel(): void;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** Mentors: a private room with students, or a one-to-one mentoring session. */
export function newConversationView(state: NewConversationState, actions: NewConversationActions) {
  const session = state.kind === 'session';
  return html`
    <section class="conversation" part="new-conversation" aria-label="New conversation">
      <form class="form" @submit=${(e: Event) => {
        e.preventDefault();
        actions.create();
      }}>
        <h3>New conversation</h3>
        ${
          state.allowSession
            ? html`<fieldset class="choices">
              <legend>Kind</legend>
              <label><input type="radio" name="kind" .checked=${!session} @change=${() => actions.kind('private')} /> Private room with students</label>
              <label><input type="radio" name="kind" .checked=${session} @change=${() => actions.kind('session')} /> One-to-one mentoring session (end-to-end encrypted)</label>
            </fieldset>`
            : nothing
        }
        <label for="mc-room-name">${session ? 'Topic (optional)' : 'Room name'}</label>
        <input id="mc-room-name" maxlength="80" .value=${state.name} @input=${(e: Event) => actions.name(value(e))} />
        <label for="mc-directory">Find ${session ? 'the student' : 'students'}</label>
        <input id="mc-directory" type="search" .value=${state.search} @input=${(e: Event) => actions.search(value(e))}
          aria-describedby="mc-directory-status" />
        <p id="mc-directory-status" class="muted" role="status">
          ${state.searching ? 'Searching…' : `${state.results.length} found, ${state.selected.size} selected`}
        </p>
        <ul class="choices" aria-label="Students">
          ${state.results.map(
            (user) => html`<li><label>
              <input type=${session ? 'radio' : 'checkbox'} name="member" .checked=${state.selected.has(user.id)}
                @change=${() => actions.toggle(user)} />
              ${user.displayName} <span class="muted">@${user.handle}</span></label></li>`,
          )}
        </ul>
        ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${state.busy}>${session ? 'Start session' : 'Create room'}</button>
          <button type="button" @click=${actions.cancel}>Cancel</button>
        </div>
      </form>
    </section>
  `;
}
