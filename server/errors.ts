import { GraphQLError } from 'graphql';

/** The only codes a client ever sees in `extensions.code` (api-contract.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

/** A refusal the client should read: short message, contract code, optional extra fields. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extra, code } });
  }
}

export const unauthenticated = (message = 'Sign in to do that.') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError('FORBIDDEN', message);
export const notFound = (what = 'That') => new AppError('NOT_FOUND', `${what} was not found.`);
export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const conflict = (message: string) => new AppError('CONFLICT', message);

const knownCodes = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
]);

/**
 * Maps any error that reaches a response to the contract: our own refusals pass through,
 * GraphQL's own (parse, validation, variable coercion, armor limits) become BAD_USER_INPUT,
 * and anything unexpected is masked so no stack, query or data leaks.
 */
export function toClientError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original instanceof GraphQLError && original !== error) {
      const mapped = toClientError(original);
      return new GraphQLError(mapped.message, {
        nodes: error.nodes,
        positions: error.positions,
        path: error.path,
        extensions: mapped.extensions,
      });
    }
    const code = error.extensions?.code;
    if (typeof code === 'string' && knownCodes.has(code)) return error;
    if (!original || typeof code === 'string') {
      return new GraphQLError(error.message, {
        nodes: error.nodes,
        positions: error.positions,
        path: error.path,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  }
  const path = error instanceof GraphQLError ? error.path : undefined;
  return new GraphQLError('Something went wrong on our side. Please try again.', {
    path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
