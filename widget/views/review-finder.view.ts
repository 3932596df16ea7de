import { html, nothing } from 'lit';
import { REASON_CHARS, type ReviewableSession } from '../controllers/review.controller.js';
import { formatFull, roleBadge } from '../state/format.js';
import type { ChatUser } from '../state/types.js';

export interface ReviewFinderState {
  search: string;
  people: readonly ChatUser[];
  participant: ChatUser | null;
  sessions: readonly ReviewableSession[];
  confirming: ReviewableSession | null;
  reason: string;
  busy: boolean;
  error: string | null;
}

export interface ReviewFinderActions {
  search(text: string): void;
  pick(user: ChatUser): void;
  ask(session: ReviewableSession): void;
  reason(text: string): void;
  confirm(): void;
  cancel(): void;
  close(): void;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;
const person = (u: ChatUser) => {
  const badge = roleBadge(u.role);
  return `${u.displayName}${badge ? ` (${badge})` : ''}`;
};

function sessionItem(session: ReviewableSession, actions: ReviewFinderActions) {
  const label = session.openedForReview ? 'Read' : 'Open for review…';
  return html`<li class="review-session" data-room-id=${session.roomId}>
    <span class="name">
      <strong>${session.name}</strong>
      <span class="muted">${session.participants.map(person).join(' and ')}, started ${formatFull(session.createdAt)}</span>
    </span>
    <button aria-label="${label} ${session.name}" @click=${() => actions.ask(session)}>${label}</button>
  </li>`;
}

/** The explicit step: nothing of the session is read until the lead gives a reason here. */
function reasonForm(session: ReviewableSession, state: ReviewFinderState, actions: ReviewFinderActions) {
  return html`<form class="review-reason" @submit=${(e: Event) => {
    e.preventDefault();
    actions.confirm();
  }}>
    <h4>Open “${session.name}” for review</h4>
    <p class="notice" role="note">Both participants will see in the session that you opened it for review, with your
      reason. The reason is also written to the audit log.</p>
    <label for="mc-review-reason">Reason (${REASON_CHARS.min} to ${REASON_CHARS.max} characters)</label>
    <textarea id="mc-review-reason" rows="3" maxlength=${REASON_CHARS.max * 2} .value=${state.reason}
      @input=${(e: Event) => actions.reason(value(e))}></textarea>
    ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
    <div class="row">
      <button class="primary" type="submit" ?disabled=${state.busy}>Open for review</button>
      <button type="button" @click=${actions.cancel}>Cancel</button>
    </div>
  </form>`;
}

/** The lead looks up a participant and their sessions: names, people and dates only. */
export function reviewFinderView(state: ReviewFinderState, actions: ReviewFinderActions) {
  const { participant, confirming } = state;
  return html`
    <section class="conversation" part="review" aria-label="Safeguarding review">
      <div class="form">
        <div class="review-head">
          <h3>Safeguarding review</h3>
          <button type="button" @click=${actions.close}>Close</button>
        </div>
        <p class="muted">Find a session by one of its participants. You can read a session only after opening it
          for review with a reason, which both participants are shown.</p>
        <label for="mc-review-search">Find a participant</label>
        <input id="mc-review-search" type="search" .value=${state.search} @input=${(e: Event) => actions.search(value(e))} />
        <ul class="choices" aria-label="People">
          ${state.people.map(
            (
              u,
            ) => html`<li><button type="button" class="link" aria-pressed=${u.id === participant?.id ? 'true' : 'false'}
              @click=${() => actions.pick(u)}>${person(u)} <span class="muted">@${u.handle}</span></button></li>`,
          )}
        </ul>
        ${
          participant
            ? html`<h4 id="mc-review-sessions">Sessions with ${participant.displayName}</h4>
              ${state.sessions.length === 0 ? html`<p class="muted">No sessions.</p>` : nothing}
              <ul class="review-sessions" aria-labelledby="mc-review-sessions">
                ${state.sessions.map((s) => sessionItem(s, actions))}
              </ul>`
            : nothing
        }
        ${confirming ? reasonForm(confirming, state, actions) : nothing}
        ${state.error && !confirming ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      </div>
    </section>
  `;
}
