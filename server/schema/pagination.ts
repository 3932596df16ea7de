import { badInput } from '../errors.js';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;

/** Clamps `first`/`last` to 1..MAX_PAGE with a clear error for nonsense. */
export function pageSize(value: number | null | undefined, field: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE) {
    throw badInput(`${field} must be between 0 and ${MAX_PAGE}.`, field);
  }
  return value;
}

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** Builds a Relay connection from nodes already in order. */
export function connectionOf<T>(nodes: T[], cursorOf: (node: T) => string, more: { next: boolean; previous: boolean }) {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: more.next,
      hasPreviousPage: more.previous,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
