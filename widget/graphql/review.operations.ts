import { graphql } from './generated/gql.js';

/** Whether the signed-in admin is the school's safeguarding lead (who alone sees the review tools). */
export const ViewerLeadQuery = graphql(/* GraphQL */ `
  query ViewerLead {
    me {
      id
      safeguardingLead
    }
  }
`);

/** A participant's sessions, as the lead finds them: names and people, never messages. */
export const ReviewableSessionsQuery = graphql(/* GraphQL */ `
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
`);

/** The explicit, audited act that lets the lead read a session; both participants are told. */
export const OpenSessionForReviewMutation = graphql(/* GraphQL */ `
  mutation OpenSessionForReview($roomId: ID!, $reason: String!) {
    openSessionForReview(roomId: $roomId, reason: $reason) {
      id
    }
  }
`);

/** A session opened for review: read-only history (the lead is never a member, and cannot subscribe). */
export const ReviewHistoryQuery = graphql(/* GraphQL */ `
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
`);
