import { html } from 'lit';
import type { E2eController } from '../controllers/e2e.controller.js';
import type { ReviewController } from '../controllers/review.controller.js';
import { groupMessages } from '../state/grouping.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import { groupView, type MessageState } from './message.view.js';
import { reviewFinderView } from './review-finder.view.js';
import { reviewReaderView } from './review-reader.view.js';

/** What the element hands over for the safeguarding lead's review tools. */
export interface ReviewContext {
  user: ChatUser;
  review: ReviewController;
  e2e: E2eController;
}

const NO_ACTIONS = { edit: () => {}, askDelete: () => {}, confirmDelete: () => {} };

/** The lead's review tools: the finder, or a session opened for review. */
export function reviewPanel({ user, review, e2e }: ReviewContext) {
  const room = review.room;
  if (!room) {
    return reviewFinderView(review, {
      search: (text) => review.find(text),
      pick: (u) => void review.pick(u),
      ask: (s) => review.ask(s),
      reason: (text) => review.setReason(text),
      confirm: () => void review.confirm(),
      cancel: () => review.cancel(),
      close: () => review.end(),
    });
  }
  const state: MessageState = {
    receipt: null,
    canEdit: () => false,
    canDelete: () => false,
    show: (m: ChatMessage) => e2e.show(m, room.id),
    confirmingDelete: null,
  };
  const log = html`${groupMessages(review.messages, user.id).map((g) => groupView(g, state, NO_ACTIONS))}`;
  return reviewReaderView(
    { room, hasOlder: review.hasOlder, busy: review.busy, error: review.error },
    {
      back: () => review.closeSession(),
      refresh: () => void review.refresh(),
      loadOlder: () => void review.loadOlder(),
    },
    log,
  );
}
