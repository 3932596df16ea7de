import { html, nothing } from 'lit';
import type { ChatRoom } from '../state/types.js';
import { lockIcon } from './icons.js';

export interface RoomListState {
  rooms: readonly ChatRoom[];
  openRoomId: string | null;
  loaded: boolean;
  error: string | null;
  canCreate: boolean;
  /** The safeguarding lead: offers the review tools. */
  canReview: boolean;
}

export interface RoomListActions {
  open(roomId: string): void;
  newConversation(): void;
  review(): void;
}

function preview(room: ChatRoom): string {
  const last = room.lastMessage;
  if (!last) return room.viewerIsMember ? 'No messages yet' : 'Public room: select to join';
  if (last.deletedAt) return 'Message deleted';
  if (last.body === null) return 'Encrypted message';
  return `${last.author.displayName}: ${last.body}`;
}

function roomButton(room: ChatRoom, state: RoomListState, actions: RoomListActions) {
  const unread = room.viewerIsMember ? room.unreadCount : 0;
  // The accessible name is the visible text plus hidden words for what the eye gets from icons.
  return html`
    <li>
      <button class="room" part="room" data-room-id=${room.id} aria-current=${room.id === state.openRoomId ? 'true' : 'false'}
        @click=${() => actions.open(room.id)}>
        <span class="name">
          <strong>${room.encrypted ? html`${lockIcon}<span class="sr-only">End-to-end encrypted: </span>` : nothing}${room.name}</strong>
          <span class="preview">${preview(room)}</span>
        </span>
        ${unread ? html`<span class="unread"><span class="sr-only">, </span>${unread}<span class="sr-only"> unread</span></span>` : nothing}
      </button>
    </li>
  `;
}

/** The rooms the viewer is in, then public rooms they may join. */
export function roomListView(state: RoomListState, actions: RoomListActions) {
  const mine = state.rooms.filter((r) => r.viewerIsMember);
  const others = state.rooms.filter((r) => !r.viewerIsMember);
  return html`
    <nav class="rooms" part="room-list" aria-label="Rooms" tabindex="-1">
      ${
        state.canCreate
          ? html`<div class="new-conversation"><button class="primary" @click=${actions.newConversation}>New conversation</button></div>`
          : nothing
      }
      ${
        state.canReview
          ? html`<div class="review-tools"><button @click=${actions.review}>Safeguarding review</button></div>`
          : nothing
      }
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${!state.loaded && !state.error ? html`<p class="centered muted">Loading rooms…</p>` : nothing}
      ${state.loaded && state.rooms.length === 0 ? html`<p class="centered muted">No rooms yet.</p>` : nothing}
      ${
        mine.length
          ? html`<h3 class="section-title" id="mc-my-rooms">Your rooms</h3>
            <ul class="room-list" aria-labelledby="mc-my-rooms">${mine.map((r) => roomButton(r, state, actions))}</ul>`
          : nothing
      }
      ${
        others.length
          ? html`<h3 class="section-title" id="mc-public-rooms">Public rooms to join</h3>
            <ul class="room-list" aria-labelledby="mc-public-rooms">${others.map((r) => roomButton(r, state, actions))}</ul>`
          : nothing
      }
    </nav>
  `;
}
