/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A new PUBLIC (admins) or PRIVATE (mentors and admins) room. */
export type CreateRoomInput = {
  /** Let guests join (PUBLIC rooms). Default false. */
  allowGuests?: boolean | null | undefined;
  /** End-to-end encrypt (PRIVATE rooms). Default false. */
  encrypted?: boolean | null | undefined;
  /** PUBLIC or PRIVATE. */
  kind: RoomKind;
  /** Users to add at once; the creator is always a member. */
  memberIds?: Array<string | number> | null | undefined;
  /** 1-80 characters. */
  name: string;
};

/** An encrypted message body, as EncryptedPayload. */
export type EncryptedPayloadInput = {
  /** base64 secretbox output. */
  ciphertext: string;
  /** Room key version used. */
  keyVersion: number;
  /** base64, 24 bytes. */
  nonce: string;
  /** One of the caller's devices. */
  senderDeviceId: string | number;
  /** base64, 64 bytes. */
  signature: string;
  /** Format version: 1. */
  v: number;
};

/** An anonymous guest session. */
export type JoinAnonymouslyInput = {
  /** Shown to others; "Guest" when omitted. */
  displayName?: string | null | undefined;
};

/** A sealed key backup. */
export type KeyBackupInput = {
  /** base64. */
  ciphertext: string;
  /** At least 600,000. */
  iterations: number;
  /** base64, 24 bytes. */
  nonce: string;
  /** base64, 16-64 bytes. */
  salt: string;
};

/** Who wrote a message: a person, or the server. */
export type MessageKind =
  /** Written by the server (e.g. "opened this session for review"): plaintext `body` even in encrypted rooms. */
  | 'SYSTEM'
  /** Written by its author through sendMessage. */
  | 'USER';

/** A new student account. */
export type RegisterInput = {
  /** 1-64 characters; no phone number or email address. */
  displayName: string;
  /** 3-32 characters of a-z 0-9 _ . - */
  handle: string;
  /** At least 10 characters. */
  password: string;
};

/** What a user may do; see the permission table in the README. */
export type Role =
  /** Runs the deployment: public rooms, roles, moderation. */
  | 'ADMIN'
  /** Anonymous visitor; may only use public rooms that allow guests. */
  | 'GUEST'
  /** Staff who mentor students and may open private rooms and sessions. */
  | 'MENTOR'
  /** A learner; new accounts start here. */
  | 'STUDENT';

/** Who can see a room. */
export type RoomKind =
  /** Visible to its members only. */
  | 'PRIVATE'
  /** Listed to everyone signed in; anyone allowed may join. */
  | 'PUBLIC'
  /** A one-to-one mentoring session, end-to-end encrypted. */
  | 'SESSION';

/** A message: `body` in plaintext rooms, `encrypted` in encrypted rooms. */
export type SendMessageInput = {
  /** 1-4,000 characters after trimming. */
  body?: string | null | undefined;
  /** 1-64 chars made by the client; resending it never duplicates. */
  clientId: string;
  /** The sealed message. */
  encrypted?: EncryptedPayloadInput | null | undefined;
  /** The room. */
  roomId: string | number;
};

/** Handle and password. */
export type SignInInput = {
  /** The handle. */
  handle: string;
  /** The password. */
  password: string;
};

/** A one-to-one encrypted session between the calling mentor and a student. */
export type StartMentoringSessionInput = {
  /** The student. */
  studentId: string | number;
  /** Becomes the room name. */
  topic?: string | null | undefined;
};

/** A room key wrapped for one recipient device. */
export type WrappedKeyInput = {
  /** base64 box output (48 bytes). */
  box: string;
  /** base64, 24 bytes. */
  nonce: string;
  /** A device of one of the room's members. */
  recipientDeviceId: string | number;
};

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, handle: string, displayName: string, role: Role } | null };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { token: string, viewer: { id: string, handle: string, displayName: string, role: Role } } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { token: string, viewer: { id: string, handle: string, displayName: string, role: Role } } };

export type JoinAsGuestMutationVariables = Exact<{
  input?: JoinAnonymouslyInput | null | undefined;
}>;


export type JoinAsGuestMutation = { joinAnonymously: { token: string, viewer: { id: string, handle: string, displayName: string, role: Role } } };

export type PortalSignInMutationVariables = Exact<{
  token: string;
}>;


export type PortalSignInMutation = { signInWithPortalToken: { token: string, viewer: { id: string, handle: string, displayName: string, role: Role } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type DeviceFieldsFragment = { id: string, boxPublicKey: string, signPublicKey: string, removedAt: string | null, user: { id: string } };

export type RegisterDeviceMutationVariables = Exact<{
  boxPublicKey: string;
  signPublicKey: string;
}>;


export type RegisterDeviceMutation = { registerDevice: { id: string, boxPublicKey: string, signPublicKey: string, removedAt: string | null, user: { id: string } } };

export type DevicesQueryVariables = Exact<{
  userId: string | number;
}>;


export type DevicesQuery = { devices: Array<{ id: string, boxPublicKey: string, signPublicKey: string, removedAt: string | null, user: { id: string } }> };

export type RoomCryptoQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomCryptoQuery = { room: { id: string, kind: RoomKind, encrypted: boolean, keyVersion: number, safeguardingDevices: Array<{ id: string, boxPublicKey: string, signPublicKey: string, removedAt: string | null, user: { id: string } }>, members: { edges: Array<{ node: { id: string } }> } } | null };

export type RoomKeysQueryVariables = Exact<{
  roomId: string | number;
  deviceId: string | number;
}>;


export type RoomKeysQuery = { roomKeys: Array<{ keyVersion: number, senderDeviceId: string, nonce: string, box: string }> };

export type ShareRoomKeyMutationVariables = Exact<{
  roomId: string | number;
  keyVersion: number;
  senderDeviceId: string | number;
  wrapped: Array<WrappedKeyInput> | WrappedKeyInput;
  newKey?: boolean | null | undefined;
}>;


export type ShareRoomKeyMutation = { shareRoomKey: boolean };

export type RemoveDeviceMutationVariables = Exact<{
  deviceId: string | number;
}>;


export type RemoveDeviceMutation = { removeDevice: boolean };

export type KeyBackupQueryVariables = Exact<{ [key: string]: never; }>;


export type KeyBackupQuery = { keyBackup: { salt: string, iterations: number, nonce: string, ciphertext: string, updatedAt: string } | null };

export type SaveKeyBackupMutationVariables = Exact<{
  input: KeyBackupInput;
}>;


export type SaveKeyBackupMutation = { saveKeyBackup: boolean };

export type UserFieldsFragment = { id: string, handle: string, displayName: string, role: Role };

export type AuthFieldsFragment = { token: string, viewer: { id: string, handle: string, displayName: string, role: Role } };

export type MessageFieldsFragment = { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null };

export type RoomFieldsFragment = { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null };

export type ReceiptFieldsFragment = { lastReadSeq: number, user: { id: string, displayName: string } };

export type MessagePageFieldsFragment = { edges: Array<{ node: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } };

export type RoomHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomHistoryQuery = { room: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, messages: { edges: Array<{ node: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } }, receipts: Array<{ lastReadSeq: number, user: { id: string, displayName: string } }>, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null } | null };

export type OlderMessagesQueryVariables = Exact<{
  id: string | number;
  before: string;
  last: number;
}>;


export type OlderMessagesQuery = { room: { id: string, messages: { edges: Array<{ node: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } | null };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { sendMessage: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } };

export type EditMessageMutationVariables = Exact<{
  id: string | number;
  body: string;
}>;


export type EditMessageMutation = { editMessage: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } };

export type DeleteMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMessageMutation = { deleteMessage: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } };

export type MarkReadMutationVariables = Exact<{
  roomId: string | number;
  messageId: string | number;
}>;


export type MarkReadMutation = { markRead: { lastReadSeq: number, user: { id: string, displayName: string } } };

export type SetTypingMutationVariables = Exact<{
  roomId: string | number;
  typing: boolean;
}>;


export type SetTypingMutation = { setTyping: boolean };

export type ViewerLeadQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerLeadQuery = { me: { id: string, safeguardingLead: boolean } | null };

export type ReviewableSessionsQueryVariables = Exact<{
  participantId: string | number;
}>;


export type ReviewableSessionsQuery = { reviewableSessions: Array<{ roomId: string, name: string, createdAt: string, openedForReview: boolean, participants: Array<{ id: string, handle: string, displayName: string, role: Role }> }> };

export type OpenSessionForReviewMutationVariables = Exact<{
  roomId: string | number;
  reason: string;
}>;


export type OpenSessionForReviewMutation = { openSessionForReview: { id: string } };

export type ReviewHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type ReviewHistoryQuery = { room: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, messages: { edges: Array<{ node: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } | null };

export type RoomsQueryVariables = Exact<{ [key: string]: never; }>;


export type RoomsQuery = { rooms: Array<{ id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null }> };

export type RoomQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomQuery = { room: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null } | null };

export type JoinRoomMutationVariables = Exact<{
  roomId: string | number;
}>;


export type JoinRoomMutation = { joinRoom: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null } };

export type DirectoryQueryVariables = Exact<{
  search?: string | null | undefined;
  role?: Role | null | undefined;
  first?: number | null | undefined;
}>;


export type DirectoryQuery = { directory: { edges: Array<{ node: { id: string, handle: string, displayName: string, role: Role } }> } };

export type CreateRoomMutationVariables = Exact<{
  input: CreateRoomInput;
}>;


export type CreateRoomMutation = { createRoom: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null } };

export type StartSessionMutationVariables = Exact<{
  input: StartMentoringSessionInput;
}>;


export type StartSessionMutation = { startMentoringSession: { id: string, name: string, kind: RoomKind, encrypted: boolean, reviewNotice: string | null, allowGuests: boolean, viewerIsMember: boolean, unreadCount: number, lastMessage: { id: string, seq: number, body: string | null, createdAt: string, deletedAt: string | null, author: { id: string, displayName: string } } | null } };

export type MessageAddedSubscriptionVariables = Exact<{
  roomId: string | number;
  after?: string | null | undefined;
}>;


export type MessageAddedSubscription = { messageAdded: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } };

export type MessageChangedSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type MessageChangedSubscription = { messageChanged: { id: string, seq: number, kind: MessageKind, clientId: string, cursor: string, body: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, author: { id: string, displayName: string, role: Role }, encrypted: { v: number, keyVersion: number, senderDeviceId: string, nonce: string, ciphertext: string, signature: string } | null } };

export type TypingSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type TypingSubscription = { typing: { typing: boolean, user: { id: string, displayName: string } } };

export type ReceiptsSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type ReceiptsSubscription = { receipts: { lastReadSeq: number, user: { id: string, displayName: string } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const DeviceFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeviceFields on Device {
  id
  boxPublicKey
  signPublicKey
  removedAt
  user {
    id
  }
}
    `, {"fragmentName":"DeviceFields"}) as unknown as TypedDocumentString<DeviceFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  handle
  displayName
  role
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const AuthFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuthFields on AuthPayload {
  token
  viewer {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}`, {"fragmentName":"AuthFields"}) as unknown as TypedDocumentString<AuthFieldsFragment, unknown>;
export const RoomFieldsFragmentDoc = new TypedDocumentString(`
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}
    `, {"fragmentName":"RoomFields"}) as unknown as TypedDocumentString<RoomFieldsFragment, unknown>;
export const ReceiptFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReceiptFields on ReadReceipt {
  lastReadSeq
  user {
    id
    displayName
  }
}
    `, {"fragmentName":"ReceiptFields"}) as unknown as TypedDocumentString<ReceiptFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}
    `, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const MessagePageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessagePageFields on MessageConnection {
  edges {
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasPreviousPage
    startCursor
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`, {"fragmentName":"MessagePageFields"}) as unknown as TypedDocumentString<MessagePageFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    ...AuthFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}
fragment AuthFields on AuthPayload {
  token
  viewer {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    ...AuthFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}
fragment AuthFields on AuthPayload {
  token
  viewer {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const JoinAsGuestDocument = new TypedDocumentString(`
    mutation JoinAsGuest($input: JoinAnonymouslyInput) {
  joinAnonymously(input: $input) {
    ...AuthFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}
fragment AuthFields on AuthPayload {
  token
  viewer {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<JoinAsGuestMutation, JoinAsGuestMutationVariables>;
export const PortalSignInDocument = new TypedDocumentString(`
    mutation PortalSignIn($token: String!) {
  signInWithPortalToken(token: $token) {
    ...AuthFields
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}
fragment AuthFields on AuthPayload {
  token
  viewer {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<PortalSignInMutation, PortalSignInMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const RegisterDeviceDocument = new TypedDocumentString(`
    mutation RegisterDevice($boxPublicKey: String!, $signPublicKey: String!) {
  registerDevice(boxPublicKey: $boxPublicKey, signPublicKey: $signPublicKey) {
    ...DeviceFields
  }
}
    fragment DeviceFields on Device {
  id
  boxPublicKey
  signPublicKey
  removedAt
  user {
    id
  }
}`) as unknown as TypedDocumentString<RegisterDeviceMutation, RegisterDeviceMutationVariables>;
export const DevicesDocument = new TypedDocumentString(`
    query Devices($userId: ID!) {
  devices(userId: $userId, includeRemoved: true) {
    ...DeviceFields
  }
}
    fragment DeviceFields on Device {
  id
  boxPublicKey
  signPublicKey
  removedAt
  user {
    id
  }
}`) as unknown as TypedDocumentString<DevicesQuery, DevicesQueryVariables>;
export const RoomCryptoDocument = new TypedDocumentString(`
    query RoomCrypto($id: ID!) {
  room(id: $id) {
    id
    kind
    encrypted
    keyVersion
    safeguardingDevices {
      ...DeviceFields
    }
    members(first: 100) {
      edges {
        node {
          id
        }
      }
    }
  }
}
    fragment DeviceFields on Device {
  id
  boxPublicKey
  signPublicKey
  removedAt
  user {
    id
  }
}`) as unknown as TypedDocumentString<RoomCryptoQuery, RoomCryptoQueryVariables>;
export const RoomKeysDocument = new TypedDocumentString(`
    query RoomKeys($roomId: ID!, $deviceId: ID!) {
  roomKeys(roomId: $roomId, deviceId: $deviceId) {
    keyVersion
    senderDeviceId
    nonce
    box
  }
}
    `) as unknown as TypedDocumentString<RoomKeysQuery, RoomKeysQueryVariables>;
export const ShareRoomKeyDocument = new TypedDocumentString(`
    mutation ShareRoomKey($roomId: ID!, $keyVersion: Int!, $senderDeviceId: ID!, $wrapped: [WrappedKeyInput!]!, $newKey: Boolean) {
  shareRoomKey(
    roomId: $roomId
    keyVersion: $keyVersion
    senderDeviceId: $senderDeviceId
    wrapped: $wrapped
    newKey: $newKey
  )
}
    `) as unknown as TypedDocumentString<ShareRoomKeyMutation, ShareRoomKeyMutationVariables>;
export const RemoveDeviceDocument = new TypedDocumentString(`
    mutation RemoveDevice($deviceId: ID!) {
  removeDevice(deviceId: $deviceId)
}
    `) as unknown as TypedDocumentString<RemoveDeviceMutation, RemoveDeviceMutationVariables>;
export const KeyBackupDocument = new TypedDocumentString(`
    query KeyBackup {
  keyBackup {
    salt
    iterations
    nonce
    ciphertext
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<KeyBackupQuery, KeyBackupQueryVariables>;
export const SaveKeyBackupDocument = new TypedDocumentString(`
    mutation SaveKeyBackup($input: KeyBackupInput!) {
  saveKeyBackup(input: $input)
}
    `) as unknown as TypedDocumentString<SaveKeyBackupMutation, SaveKeyBackupMutationVariables>;
export const RoomHistoryDocument = new TypedDocumentString(`
    query RoomHistory($id: ID!) {
  room(id: $id) {
    ...RoomFields
    messages {
      ...MessagePageFields
    }
    receipts {
      ...ReceiptFields
    }
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}
fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}
fragment ReceiptFields on ReadReceipt {
  lastReadSeq
  user {
    id
    displayName
  }
}
fragment MessagePageFields on MessageConnection {
  edges {
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasPreviousPage
    startCursor
  }
}`) as unknown as TypedDocumentString<RoomHistoryQuery, RoomHistoryQueryVariables>;
export const OlderMessagesDocument = new TypedDocumentString(`
    query OlderMessages($id: ID!, $before: String!, $last: Int!) {
  room(id: $id) {
    id
    messages(last: $last, before: $before) {
      ...MessagePageFields
    }
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}
fragment MessagePageFields on MessageConnection {
  edges {
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasPreviousPage
    startCursor
  }
}`) as unknown as TypedDocumentString<OlderMessagesQuery, OlderMessagesQueryVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const EditMessageDocument = new TypedDocumentString(`
    mutation EditMessage($id: ID!, $body: String!) {
  editMessage(id: $id, body: $body) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`) as unknown as TypedDocumentString<EditMessageMutation, EditMessageMutationVariables>;
export const DeleteMessageDocument = new TypedDocumentString(`
    mutation DeleteMessage($id: ID!) {
  deleteMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`) as unknown as TypedDocumentString<DeleteMessageMutation, DeleteMessageMutationVariables>;
export const MarkReadDocument = new TypedDocumentString(`
    mutation MarkRead($roomId: ID!, $messageId: ID!) {
  markRead(roomId: $roomId, messageId: $messageId) {
    ...ReceiptFields
  }
}
    fragment ReceiptFields on ReadReceipt {
  lastReadSeq
  user {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<MarkReadMutation, MarkReadMutationVariables>;
export const SetTypingDocument = new TypedDocumentString(`
    mutation SetTyping($roomId: ID!, $typing: Boolean!) {
  setTyping(roomId: $roomId, typing: $typing)
}
    `) as unknown as TypedDocumentString<SetTypingMutation, SetTypingMutationVariables>;
export const ViewerLeadDocument = new TypedDocumentString(`
    query ViewerLead {
  me {
    id
    safeguardingLead
  }
}
    `) as unknown as TypedDocumentString<ViewerLeadQuery, ViewerLeadQueryVariables>;
export const ReviewableSessionsDocument = new TypedDocumentString(`
    query ReviewableSessions($participantId: ID!) {
  reviewableSessions(participantId: $participantId) {
    roomId
    name
    createdAt
    openedForReview
    participants {
      ...UserFields
    }
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}`) as unknown as TypedDocumentString<ReviewableSessionsQuery, ReviewableSessionsQueryVariables>;
export const OpenSessionForReviewDocument = new TypedDocumentString(`
    mutation OpenSessionForReview($roomId: ID!, $reason: String!) {
  openSessionForReview(roomId: $roomId, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<OpenSessionForReviewMutation, OpenSessionForReviewMutationVariables>;
export const ReviewHistoryDocument = new TypedDocumentString(`
    query ReviewHistory($id: ID!) {
  room(id: $id) {
    id
    name
    kind
    encrypted
    reviewNotice
    messages {
      ...MessagePageFields
    }
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}
fragment MessagePageFields on MessageConnection {
  edges {
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasPreviousPage
    startCursor
  }
}`) as unknown as TypedDocumentString<ReviewHistoryQuery, ReviewHistoryQueryVariables>;
export const RoomsDocument = new TypedDocumentString(`
    query Rooms {
  rooms {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<RoomsQuery, RoomsQueryVariables>;
export const RoomDocument = new TypedDocumentString(`
    query Room($id: ID!) {
  room(id: $id) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<RoomQuery, RoomQueryVariables>;
export const JoinRoomDocument = new TypedDocumentString(`
    mutation JoinRoom($roomId: ID!) {
  joinRoom(roomId: $roomId) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<JoinRoomMutation, JoinRoomMutationVariables>;
export const DirectoryDocument = new TypedDocumentString(`
    query Directory($search: String, $role: Role, $first: Int) {
  directory(search: $search, role: $role, first: $first) {
    edges {
      node {
        ...UserFields
      }
    }
  }
}
    fragment UserFields on User {
  id
  handle
  displayName
  role
}`) as unknown as TypedDocumentString<DirectoryQuery, DirectoryQueryVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($input: CreateRoomInput!) {
  createRoom(input: $input) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const StartSessionDocument = new TypedDocumentString(`
    mutation StartSession($input: StartMentoringSessionInput!) {
  startMentoringSession(input: $input) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  name
  kind
  encrypted
  reviewNotice
  allowGuests
  viewerIsMember
  unreadCount
  lastMessage {
    id
    seq
    body
    createdAt
    deletedAt
    author {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<StartSessionMutation, StartSessionMutationVariables>;
export const MessageAddedDocument = new TypedDocumentString(`
    subscription MessageAdded($roomId: ID!, $after: String) {
  messageAdded(roomId: $roomId, after: $after) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`) as unknown as TypedDocumentString<MessageAddedSubscription, MessageAddedSubscriptionVariables>;
export const MessageChangedDocument = new TypedDocumentString(`
    subscription MessageChanged($roomId: ID!) {
  messageChanged(roomId: $roomId) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  seq
  kind
  clientId
  cursor
  body
  createdAt
  editedAt
  deletedAt
  author {
    id
    displayName
    role
  }
  encrypted {
    v
    keyVersion
    senderDeviceId
    nonce
    ciphertext
    signature
  }
}`) as unknown as TypedDocumentString<MessageChangedSubscription, MessageChangedSubscriptionVariables>;
export const TypingDocument = new TypedDocumentString(`
    subscription Typing($roomId: ID!) {
  typing(roomId: $roomId) {
    typing
    user {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<TypingSubscription, TypingSubscriptionVariables>;
export const ReceiptsDocument = new TypedDocumentString(`
    subscription Receipts($roomId: ID!) {
  receipts(roomId: $roomId) {
    ...ReceiptFields
  }
}
    fragment ReceiptFields on ReadReceipt {
  lastReadSeq
  user {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<ReceiptsSubscription, ReceiptsSubscriptionVariables>;