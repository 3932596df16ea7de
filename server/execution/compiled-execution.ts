import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, getOperationAST } from 'graphql';

/**
 * Uses of a document before it is compiled. Compiling costs milliseconds, executing a compiled
 * document a fraction of graphql-js: the widget's and integrators' operations repeat and get
 * compiled at once, while a stream of one-off documents is never compiled (each would buy a
 * caller milliseconds of server CPU for the price of a request).
 */
export const COMPILE_AFTER_USES = 3;

/**
 * Whether this execution runs compiled; counts the document's uses. Subscriptions never do:
 * the shared executor (use-shared-subscriptions.ts) runs their events, once per distinct
 * operation, so there is nothing per subscriber to speed up.
 */
export function compilePolicy(): (args: { document: DocumentNode; operationName?: string | null }) => boolean {
  // Keyed by the parsed document, which Yoga's parse cache hands back for every repeat of a query.
  const uses = new WeakMap<DocumentNode, number>();
  return ({ document, operationName }) => {
    const count = uses.get(document) ?? 0;
    if (count >= COMPILE_AFTER_USES) return true;
    if (getOperationAST(document, operationName)?.operation === 'subscription') return false;
    uses.set(document, count + 1);
    return count + 1 >= COMPILE_AFTER_USES;
  };
}

/**
 * Queries and mutations (HTTP and WebSocket) run on graphql-jit once their document repeats:
 * a history page of 50 takes ~270 µs less CPU and allocates half as much (test/bench/
 * history-page.bench.ts). Same schema, resolvers, scopes and masking: only the executor changes.
 */
export function useCompiledExecution(): ReturnType<typeof useGraphQlJit> {
  return useGraphQlJit({}, { enableIf: compilePolicy() });
}
