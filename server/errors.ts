import { GraphQLError, Source, type SourceLocation } from 'graphql';

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

type ErrorLike = {
  message?: unknown;
  extensions?: Record<string, unknown>;
  originalError?: unknown;
  nodes?: GraphQLError['nodes'];
  positions?: GraphQLError['positions'];
  path?: GraphQLError['path'];
  locations?: GraphQLError['locations'];
};

const isObject = (value: unknown): value is ErrorLike => typeof value === 'object' && value !== null;

/** The first error in the originalError chain that carries one of our codes (duck-typed: graphql may load twice). */
function refusalIn(error: unknown): ErrorLike | null {
  for (let current = error, depth = 0; isObject(current) && depth < 5; current = current.originalError, depth++) {
    const code = current.extensions?.code;
    if (typeof code === 'string' && knownCodes.has(code)) return current;
  }
  return null;
}

/**
 * Maps any error that reaches a response to the contract: our own refusals pass through,
 * GraphQL's own (parse, validation, variable coercion, armor limits) become BAD_USER_INPUT,
 * and anything unexpected is masked so no stack, query or data leaks.
 */
export function toClientError(error: unknown): GraphQLError {
  const top = isObject(error) ? error : {};
  const refusal = refusalIn(error);
  if (refusal) return located(String(refusal.message), top, { ...refusal.extensions });
  const code = top.extensions?.code;
  // GraphQL's own refusals: no original error, a code of the library's (GRAPHQL_VALIDATION_FAILED…),
  // or no path (raised before execution: parsing, validation, variable coercion).
  const fromGraphQL =
    isObject(error) && 'locations' in error && (!top.originalError || typeof code === 'string' || !top.path);
  if (fromGraphQL) return located(String(top.message), top, { code: 'BAD_USER_INPUT' });
  return new GraphQLError('Something went wrong on our side. Please try again.', {
    path: top.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** A client error at the place `source` points to: its AST nodes, or (compiled execution) its locations. */
function located(message: string, source: ErrorLike, extensions: Record<string, unknown>): GraphQLError {
  const at = !source.nodes && source.locations?.length ? standInSource(source.locations) : {};
  return new GraphQLError(message, {
    nodes: source.nodes,
    positions: source.positions,
    path: source.path,
    ...at,
    extensions,
  });
}

/**
 * graphql-jit computes locations when it compiles and keeps no AST nodes, while graphql-js and
 * Yoga's serializer derive locations from nodes or from a source and offsets. So the same
 * points are given as offsets into a blank source of the query's shape: the error reads the
 * same whether its document ran compiled or not.
 */
function standInSource(locations: readonly SourceLocation[]): { source: Source; positions: number[] } {
  const width = Math.max(...locations.map((l) => l.column));
  const lines = Math.max(...locations.map((l) => l.line));
  const body = `${' '.repeat(width)}\n`.repeat(lines);
  return { source: new Source(body), positions: locations.map((l) => (l.line - 1) * (width + 1) + l.column - 1) };
}
