import { html, nothing, type TemplateResult } from 'lit';
import type { ReviewedRoom } from '../controllers/review.controller.js';
import { lockIcon } from './icons.js';

export interface ReviewReaderState {
  room: ReviewedRoom;
  hasOlder: boolean;
  busy: boolean;
  error: string | null;
}

export interface ReviewReaderActions {
  back(): void;
  refresh(): void;
  loadOlder(): void;
}

/** A session opened for review: its history, read-only (a reviewer never writes or joins). */
export function reviewReaderView(state: ReviewReaderState, actions: ReviewReaderActions, log: TemplateResult) {
  const { room } = state;
  return html`
    <section class="conversation review-reader" part="review" aria-label="Review of ${room.name}">
      <div class="conversation-head">
        <button class="back-to" @click=${actions.back} aria-label="Back to sessions">←</button>
        <h3>${room.encrypted ? html`${lockIcon}<span class="sr-only">End-to-end encrypted: </span>` : nothing}Review: ${room.name}</h3>
        <button ?disabled=${state.busy} @click=${actions.refresh}>Refresh</button>
      </div>
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      <div class="log" part="log" role="log" aria-label="Messages in ${room.name}" tabindex="0">
        ${
          state.hasOlder
            ? html`<p class="centered"><button class="link" @click=${actions.loadOlder}>Load older messages</button></p>`
            : html`<p class="day">Start of the conversation</p>`
        }
        ${log}
      </div>
      <p class="review-readonly muted">You opened this session for review: read only. Both participants were told.</p>
    </section>
  `;
}
