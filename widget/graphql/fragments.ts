import { graphql } from './generated/gql.js';

/** The fields every view of a user needs. */
export const UserFields = graphql(/* GraphQL */ `
  fragment UserFields on User {
    id
    handle
    displayName
    role
  }
`);

/** A new session: the token and who it belongs to. */
export const AuthFields = graphql(/* GraphQL */ `
  fragment AuthFields on AuthPayload {
    token
    viewer {
      ...UserFields
    }
  }
`);

/** A message as the log renders it; `encrypted` is kept for the E2E decoder. */
export const MessageFields = graphql(/* GraphQL */ `
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
`);

/** A room as the room list shows it. */
export const RoomFields = graphql(/* GraphQL */ `
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
`);

/** How far one member has read. */
export const ReceiptFields = graphql(/* GraphQL */ `
  fragment ReceiptFields on ReadReceipt {
    lastReadSeq
    user {
      id
      displayName
    }
  }
`);

/** A page of history, oldest first, and where the page before it starts. */
export const MessagePageFields = graphql(/* GraphQL */ `
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
`);
