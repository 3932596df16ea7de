import { graphql } from './generated/gql.js';

export const RoomsQuery = graphql(/* GraphQL */ `
  query Rooms {
    rooms {
      ...RoomFields
    }
  }
`);

export const RoomQuery = graphql(/* GraphQL */ `
  query Room($id: ID!) {
    room(id: $id) {
      ...RoomFields
    }
  }
`);

export const JoinRoomMutation = graphql(/* GraphQL */ `
  mutation JoinRoom($roomId: ID!) {
    joinRoom(roomId: $roomId) {
      ...RoomFields
    }
  }
`);

export const DirectoryQuery = graphql(/* GraphQL */ `
  query Directory($search: String, $role: Role, $first: Int) {
    directory(search: $search, role: $role, first: $first) {
      edges {
        node {
          ...UserFields
        }
      }
    }
  }
`);

export const CreateRoomMutation = graphql(/* GraphQL */ `
  mutation CreateRoom($input: CreateRoomInput!) {
    createRoom(input: $input) {
      ...RoomFields
    }
  }
`);

export const StartSessionMutation = graphql(/* GraphQL */ `
  mutation StartSession($input: StartMentoringSessionInput!) {
    startMentoringSession(input: $input) {
      ...RoomFields
    }
  }
`);
