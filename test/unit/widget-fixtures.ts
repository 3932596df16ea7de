import type { ChatMessage, ChatReceipt, ChatRoom } from '../../widget/state/types.js';

const base = Date.parse('2025-03-07T10:00:00Z');

/** A message as the server sends it; `minute` offsets createdAt from a fixed morning. */
export function message(seq: number, author = 'u1', minute = seq, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    seq,
    kind: 'USER',
    clientId: `c${seq}`,
    cursor: `cursor-${seq}`,
    body: `body ${seq}`,
    createdAt: new Date(base + minute * 60_000).toISOString(),
    editedAt: null,
    deletedAt: null,
    author: { id: author, displayName: `User ${author}`, role: 'STUDENT' },
    encrypted: null,
    ...extra,
  };
}

export function receipt(userId: string, lastReadSeq: number, displayName = `User ${userId}`): ChatReceipt {
  return { lastReadSeq, user: { id: userId, displayName } };
}

export function room(id: string, extra: Partial<ChatRoom> = {}): ChatRoom {
  return {
    id,
    name: `Room ${id}`,
    kind: 'PUBLIC',
    encrypted: false,
    reviewNotice: null,
    allowGuests: false,
    viewerIsMember: true,
    unreadCount: 0,
    lastMessage: null,
    ...extra,
  };
}
