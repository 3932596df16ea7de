import type { ChatError } from './errors.js';
import type { TypedDocumentString } from './generated/graphql.js';
import type { Transport } from './transport.js';

export interface LiveHandlers<R> {
  next(data: R): void;
  error?(error: ChatError): void;
  /** Called when the subscription starts again after the socket came back. */
  resumed?(): void;
}

/**
 * A subscription that outlives connection drops. It runs only while the socket is up:
 * when the socket drops it is stopped at once (so graphql-ws does not replay it with
 * stale variables), and when the socket is back it starts again with `variables()`
 * evaluated then, e.g. `messageAdded(after: <last seen cursor>)`.
 */
export function liveSubscription<R, V extends object>(
  transport: Transport,
  doc: TypedDocumentString<R, V>,
  variables: () => V,
  handlers: LiveHandlers<R>,
): () => void {
  let stop: (() => void) | null = null;
  let started = false;
  const start = () => {
    const resumed = started;
    started = true;
    stop = transport.subscribe(doc, variables(), handlers.next, (error) => {
      stop = null;
      handlers.error?.(error);
    });
    if (resumed) handlers.resumed?.();
  };
  const off = transport.onState((state) => {
    if (state === 'online' && !stop) start();
    else if (state !== 'online' && stop) {
      stop();
      stop = null;
    }
  });
  if (transport.state === 'online') start();
  return () => {
    off();
    stop?.();
    stop = null;
  };
}
