import type { LinkState } from './state/link-state.js';
import type { Role } from './state/types.js';

/** Why the widget signed out: the person asked, the idle timeout, or the server ended the session. */
export type SignOutReason = 'user' | 'idle' | 'expired';

/** A user as events expose it: no contact details exist anywhere in the product. */
export interface McUserDetail {
  id: string;
  handle: string;
  displayName: string;
  role: Role;
}

export interface McMessageDetail {
  roomId: string;
  roomName: string;
  messageId: string;
  author: { id: string; displayName: string; role: Role };
  /** The text; null for an encrypted or deleted message. Untrusted: render it as text. */
  body: string | null;
  createdAt: string;
}

const init = { bubbles: true, composed: true } as const;

/** Someone else wrote in one of the viewer's rooms. */
export class McMessageEvent extends Event {
  static readonly eventName = 'mc-message';
  constructor(readonly detail: McMessageDetail) {
    super(McMessageEvent.eventName, init);
  }
}

/** The viewer's total of unread messages changed. */
export class McUnreadChangeEvent extends Event {
  static readonly eventName = 'mc-unread-change';
  constructor(readonly detail: { total: number; rooms: Record<string, number> }) {
    super(McUnreadChangeEvent.eventName, init);
  }
}

/** A session started (form, guest, portal token or `token`). */
export class McSignedInEvent extends Event {
  static readonly eventName = 'mc-signed-in';
  constructor(readonly detail: { user: McUserDetail }) {
    super(McSignedInEvent.eventName, init);
  }
}

/** The session ended; the widget has removed everything of that user from the browser. */
export class McSignedOutEvent extends Event {
  static readonly eventName = 'mc-signed-out';
  constructor(readonly detail: { reason: SignOutReason }) {
    super(McSignedOutEvent.eventName, init);
  }
}

/** Something failed that the person was told about (a refused send, a failed sign-in). */
export class McErrorEvent extends Event {
  static readonly eventName = 'mc-error';
  constructor(readonly detail: { code: string; message: string }) {
    super(McErrorEvent.eventName, init);
  }
}

/** The connection to the chat server changed (online, reconnecting, offline). */
export class McConnectionChangeEvent extends Event {
  static readonly eventName = 'mc-connection-change';
  constructor(readonly detail: { state: LinkState }) {
    super(McConnectionChangeEvent.eventName, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'mc-message': McMessageEvent;
    'mc-unread-change': McUnreadChangeEvent;
    'mc-signed-in': McSignedInEvent;
    'mc-signed-out': McSignedOutEvent;
    'mc-error': McErrorEvent;
    'mc-connection-change': McConnectionChangeEvent;
  }
}
