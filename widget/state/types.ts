import type {
  MessageFieldsFragment,
  ReceiptFieldsFragment,
  Role,
  RoomFieldsFragment,
  UserFieldsFragment,
} from '../graphql/generated/graphql.js';

/** A message as the server sends it (see graphql/fragments.ts). */
export type ChatMessage = MessageFieldsFragment;
/** A room as the room list shows it. */
export type ChatRoom = RoomFieldsFragment;
/** The signed-in user. */
export type ChatUser = UserFieldsFragment;
/** One member's read position. */
export type ChatReceipt = ReceiptFieldsFragment;
export type { Role };

/** A message typed here and not yet acknowledged by the server. */
export interface PendingSend {
  clientId: string;
  roomId: string;
  body: string;
  /** `sending`: a request is in flight; `queued`: waiting for the connection to come back. */
  state: 'sending' | 'queued';
  createdAt: string;
}
