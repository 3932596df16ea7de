import { html, nothing } from 'lit';
import type { ComposerController } from '../controllers/composer.controller.js';
import type { E2eController } from '../controllers/e2e.controller.js';
import type { MentorToolsController } from '../controllers/mentor-tools.controller.js';
import type { MessagesController } from '../controllers/messages.controller.js';
import type { OutboxController } from '../controllers/outbox.controller.js';
import type { ReceiptsController } from '../controllers/receipts.controller.js';
import type { TypingController } from '../controllers/typing.controller.js';
import { groupMessages } from '../state/grouping.js';
import { visiblePending } from '../state/message-list.js';
import { newestOwn } from '../state/receipts.js';
import type { ChatMessage, ChatRoom, ChatUser } from '../state/types.js';
import { composerView } from './composer.view.js';
import { conversationView } from './conversation.view.js';
import { groupView, type MessageState, pendingView } from './message.view.js';
import { newConversationView } from './new-conversation.view.js';

/** What the element hands over: the controllers' state, read-only here, and navigation callbacks. */
export interface ConversationContext {
  user: ChatUser | null;
  creating: boolean;
  messages: MessagesController;
  composer: ComposerController;
  outbox: OutboxController;
  e2e: E2eController;
  receipts: ReceiptsController;
  typing: TypingController;
  tools: MentorToolsController;
  confirmingDelete: string | null;
  setConfirmingDelete(id: string | null): void;
  back(): void;
  created(room: ChatRoom): void;
  sent(): void;
  focusComposer(): void;
}

/** The right-hand side of the panel: the mentors' form, the open room, or a hint. */
export function conversationPanel(ctx: ConversationContext) {
  const { messages, user } = ctx;
  if (ctx.creating) return newConversation(ctx);
  if (!user || !(messages.room || messages.loading || messages.error)) {
    return html`<section class="conversation placeholder"><p class="centered muted">Choose a room to start chatting.</p></section>`;
  }
  return conversationView(
    {
      room: messages.room,
      loading: messages.loading,
      loadingOlder: messages.loadingOlder,
      hasOlder: messages.hasOlder,
      error: messages.error,
      typing: ctx.typing.label,
    },
    { back: ctx.back, loadOlder: () => void messages.loadOlder() },
    { log: log(ctx, user), composer: composer(ctx) },
  );
}

function log(ctx: ConversationContext, user: ChatUser) {
  const { messages, room } = ctx.messages;
  if (!room) return nothing;
  const own = newestOwn(messages, user.id);
  const moderator = user.role === 'ADMIN' || user.role === 'MENTOR';
  const state: MessageState = {
    receipt: own ? { messageId: own.id, label: ctx.receipts.labelFor(own) } : null,
    canEdit: (m: ChatMessage) => m.author.id === user.id && !room.encrypted && m.body !== null,
    canDelete: (m: ChatMessage) => m.kind !== 'SYSTEM' && (m.author.id === user.id || moderator),
    show: (m: ChatMessage) => ctx.e2e.show(m, room.id),
    confirmingDelete: ctx.confirmingDelete,
  };
  const actions = {
    edit: (m: ChatMessage) => {
      ctx.composer.startEdit(m);
      ctx.focusComposer();
    },
    askDelete: (id: string | null) => ctx.setConfirmingDelete(id),
    confirmDelete: (id: string) => {
      ctx.setConfirmingDelete(null);
      void ctx.messages.remove(id);
    },
  };
  return html`
    ${room.reviewNotice ? html`<p class="review-notice" role="note">${room.reviewNotice}</p>` : nothing}
    ${groupMessages(messages, user.id).map((g) => groupView(g, state, actions))}
    ${pendingView(visiblePending(ctx.outbox.pending, messages, room.id, user.id))}
  `;
}

function composer(ctx: ConversationContext) {
  const { composer: c, messages } = ctx;
  const room = messages.room;
  return composerView(
    {
      roomName: room?.name ?? 'the room',
      draft: c.draft,
      warning: c.warning,
      error: c.error,
      editing: Boolean(c.editing),
      disabledReason: room?.encrypted ? ctx.e2e.writeBlock(room.id) : null,
    },
    {
      input: (text) => c.input(text),
      submit: (confirmed) => {
        ctx.sent();
        void c.submit(confirmed);
      },
      cancelEdit: () => c.cancelEdit(),
      dismissWarning: () => {
        c.dismissWarning();
        ctx.focusComposer();
      },
      blur: () => ctx.typing.stopped(),
    },
  );
}

function newConversation(ctx: ConversationContext) {
  const { tools } = ctx;
  return newConversationView(
    {
      kind: tools.kind,
      allowSession: ctx.user?.role === 'MENTOR',
      name: tools.name,
      search: tools.search,
      results: tools.results,
      selected: tools.selected,
      searching: tools.searching,
      busy: tools.busy,
      error: tools.error,
    },
    {
      kind: (kind) => tools.setKind(kind),
      name: (name) => tools.setName(name),
      search: (text) => tools.find(text),
      toggle: (user) => tools.toggle(user),
      create: async () => {
        const room = await tools.create();
        if (room) ctx.created(room);
      },
      cancel: ctx.back,
    },
  );
}
