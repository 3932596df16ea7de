import { graphql } from './generated/gql.js';

export const MeQuery = graphql(/* GraphQL */ `
  query Me {
    me {
      ...UserFields
    }
  }
`);

export const SignInMutation = graphql(/* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      ...AuthFields
    }
  }
`);

export const RegisterMutation = graphql(/* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthFields
    }
  }
`);

export const JoinAsGuestMutation = graphql(/* GraphQL */ `
  mutation JoinAsGuest($input: JoinAnonymouslyInput) {
    joinAnonymously(input: $input) {
      ...AuthFields
    }
  }
`);

export const PortalSignInMutation = graphql(/* GraphQL */ `
  mutation PortalSignIn($token: String!) {
    signInWithPortalToken(token: $token) {
      ...AuthFields
    }
  }
`);

export const SignOutMutation = graphql(/* GraphQL */ `
  mutation SignOut {
    signOut
  }
`);
