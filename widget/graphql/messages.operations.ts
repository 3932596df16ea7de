import { graphql } from './generated/gql.js';

/** The newest page (the server's default of 50, oldest first) and every member's receipt. */
export const RoomHistoryQuery = graphql(/* GraphQL */ `
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
`);

export const OlderMessagesQuery = graphql(/* GraphQL */ `
  query OlderMessages($id: ID!, $before: String!, $last: Int!) {
    room(id: $id) {
      id
      messages(last: $last, before: $before) {
        ...MessagePageFields
      }
    }
  }
`);

export const SendMessageMutation = graphql(/* GraphQL */ `
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...MessageFields
    }
  }
`);

export const EditMessageMutation = graphql(/* GraphQL */ `
  mutation EditMessage($id: ID!, $body: String!) {
    editMessage(id: $id, body: $body) {
      ...MessageFields
    }
  }
`);

export const DeleteMessageMutation = graphql(/* GraphQL */ `
  mutation DeleteMessage($id: ID!) {
    deleteMessage(id: $id) {
      ...MessageFields
    }
  }
`);

export const MarkReadMutation = graphql(/* GraphQL */ `
  mutation MarkRead($roomId: ID!, $messageId: ID!) {
    markRead(roomId: $roomId, messageId: $messageId) {
      ...ReceiptFields
    }
  }
`);

export const SetTypingMutation = graphql(/* GraphQL */ `
  mutation SetTyping($roomId: ID!, $typing: Boolean!) {
    setTyping(roomId: $roomId, typing: $typing)
  }
`);
