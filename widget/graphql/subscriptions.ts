import { graphql } from './generated/gql.js';

/** With `after`, the server first replays everything after that cursor: no gap, no duplicate. */
export const MessageAddedSubscription = graphql(/* GraphQL */ `
  subscription MessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      ...MessageFields
    }
  }
`);

export const MessageChangedSubscription = graphql(/* GraphQL */ `
  subscription MessageChanged($roomId: ID!) {
    messageChanged(roomId: $roomId) {
      ...MessageFields
    }
  }
`);

export const TypingSubscription = graphql(/* GraphQL */ `
  subscription Typing($roomId: ID!) {
    typing(roomId: $roomId) {
      typing
      user {
        id
        displayName
      }
    }
  }
`);

export const ReceiptsSubscription = graphql(/* GraphQL */ `
  subscription Receipts($roomId: ID!) {
    receipts(roomId: $roomId) {
      ...ReceiptFields
    }
  }
`);
