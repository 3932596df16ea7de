import type { Plugin } from 'graphql-yoga';
import { createSharedSubscribe, type SharedSubscribeOptions } from './shared-subscribe.js';

/**
 * Yoga/envelop plugin: subscriptions (graphql-ws and SSE) run on the shared executor, while
 * every other plugin's subscribe hooks (error masking, contract codes, logs) still see each
 * subscriber's results. Register it after the engine (Yoga's own plugins come first).
 */
export function useSharedSubscriptions(options: SharedSubscribeOptions = {}): Plugin {
  const subscribe = createSharedSubscribe(options);
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe as Parameters<typeof setSubscribeFn>[0]);
    },
  };
}
