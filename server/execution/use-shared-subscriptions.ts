import type { ExecutionArgs } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { createSharedSubscribe, type SharedSubscribeOptions } from './shared-subscribe.js';

export interface SharedSubscriptionsOptions extends Omit<SharedSubscribeOptions, 'maskError'> {
  /** The `maskError` Yoga is configured with: subscription errors are masked here, the same way. */
  maskError: (error: unknown) => Error;
}

/**
 * Yoga/envelop plugin: subscriptions (graphql-ws and SSE) run on the shared executor.
 *
 * It must be the last plugin: it answers the subscribe itself (`setResultAndStopExecution`), so
 * the subscribe hooks after it, Yoga's error masking and its AbortError guard, never wrap the
 * stream. They would wrap it once per subscriber, to do per event what is done here once per
 * execution: mask the errors of a result every subscriber then shares, with Yoga's `maskError`
 * and Yoga's logging of what was masked. Plugins before it still see every subscription.
 */
export function useSharedSubscriptions(options: SharedSubscriptionsOptions): Plugin {
  let logger: Pick<YogaLogger, 'error'> = { error: () => {} };
  const subscribe = createSharedSubscribe({
    ...options,
    maskError(error) {
      const masked = options.maskError(error);
      // As Yoga's masking does: the original of an error masked away goes to the log.
      if (masked !== error) logger.error(error);
      return masked;
    },
  });
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger;
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      // Envelop settles a promised result like the promise a subscribe function returns.
      setResultAndStopExecution(subscribe(args as ExecutionArgs) as never);
    },
  };
}
