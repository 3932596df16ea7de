import type { CombinedError } from '@urql/core';

/** The contract's error codes, plus NETWORK when the server could not be reached at all. */
export type ChatErrorCode =
  | 'NETWORK'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

/** An error the widget can show: a contract code and the server's short, human message. */
export class ChatError extends Error {
  override name = 'ChatError';
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const NETWORK_MESSAGE = 'The chat server cannot be reached right now.';

/** Turns urql's combined error into one ChatError: the first GraphQL error wins. */
export function toChatError(error: CombinedError): ChatError {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = (first.extensions?.code as ChatErrorCode | undefined) ?? 'INTERNAL_SERVER_ERROR';
    return new ChatError(code, first.message || 'Something went wrong.');
  }
  return new ChatError('NETWORK', NETWORK_MESSAGE);
}

/** Any thrown value as a ChatError (programming errors become INTERNAL_SERVER_ERROR). */
export function asChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  return new ChatError('INTERNAL_SERVER_ERROR', 'Something went wrong in the chat.');
}
