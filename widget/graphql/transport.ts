import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient, type Client as WsClient } from 'graphql-ws/client';
import { type LinkState, nextLinkState, retryDelayMs } from '../state/link-state.js';
import { ChatError, toChatError } from './errors.js';
import type { TypedDocumentString } from './generated/graphql.js';

type Doc<R, V> = TypedDocumentString<R, V>;
type StateListener = (state: LinkState, previous: LinkState) => void;

/** The contract's close code for a revoked or expired token. */
export const CLOSE_FORBIDDEN = 4403;
const KEEP_ALIVE_MS = 15_000;
const PONG_TIMEOUT_MS = 6_000;

const isCloseEvent = (value: unknown): value is { code: number } =>
  typeof value === 'object' && value !== null && 'code' in value;

/** `https://x/graphql` -> `wss://x/graphql`, relative endpoints resolved against the page. */
export function socketUrl(endpoint: string, base = globalThis.location?.href): string {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * One server connection for one token (or none, before sign-in): urql over HTTP for
 * queries and mutations, graphql-ws for subscriptions. The socket retries forever with
 * backoff and reports a LinkState; it never throws into the host page.
 */
export class Transport {
  state: LinkState = 'connecting';
  private failures = 0;
  private readonly listeners = new Set<StateListener>();
  private readonly ws: WsClient;
  private readonly client: Client;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(endpoint: string, token: string | null, onForbidden: () => void) {
    this.ws = createClient({
      url: socketUrl(endpoint),
      lazy: false,
      connectionParams: token ? { authToken: token } : {},
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => !(isCloseEvent(event) && event.code === CLOSE_FORBIDDEN),
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
      keepAlive: KEEP_ALIVE_MS,
      onNonLazyError: () => {},
      on: {
        connected: () => {
          this.failures = 0;
          this.move({ type: 'connected' });
        },
        closed: (event) => {
          clearTimeout(this.pongTimer);
          if (isCloseEvent(event) && event.code === CLOSE_FORBIDDEN) onForbidden();
          this.failures += 1;
          this.move({ type: 'closed', failures: this.failures });
        },
        // A socket that stops answering pings (sleeping laptop, dead Wi-Fi) is cut, then retried.
        ping: (received) => {
          if (!received) this.pongTimer = setTimeout(() => this.ws.terminate(), PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
    this.client = new Client({
      url: endpoint,
      exchanges: [
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: this.ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
      requestPolicy: 'network-only',
      fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  }

  /** Listens to LinkState changes; returns the unsubscribe function. */
  onState(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async query<R, V extends object>(doc: Doc<R, V>, variables: V): Promise<R> {
    return this.settle(await this.client.query<R, V>(doc.toString(), variables).toPromise());
  }

  async mutate<R, V extends object>(doc: Doc<R, V>, variables: V): Promise<R> {
    return this.settle(await this.client.mutation<R, V>(doc.toString(), variables).toPromise());
  }

  /** Starts a subscription; returns its stop function. Errors end it and are reported once. */
  subscribe<R, V extends object>(
    doc: Doc<R, V>,
    variables: V,
    next: (data: R) => void,
    error?: (e: ChatError) => void,
  ): () => void {
    const subscription = this.client.subscription<R, V>(doc.toString(), variables).subscribe((result) => {
      if (result.error) error?.(toChatError(result.error));
      else if (result.data) next(result.data);
    });
    return () => subscription.unsubscribe();
  }

  dispose(): void {
    clearTimeout(this.pongTimer);
    this.listeners.clear();
    // graphql-ws rejects dispose() when the socket never opened; that is not an error here.
    Promise.resolve(this.ws.dispose()).catch(() => {});
  }

  private settle<R>(result: { data?: R; error?: import('@urql/core').CombinedError }): R {
    if (result.error) throw toChatError(result.error);
    if (result.data === undefined) throw new ChatError('INTERNAL_SERVER_ERROR', 'The server sent no data.');
    return result.data;
  }

  private move(event: Parameters<typeof nextLinkState>[1]): void {
    const previous = this.state;
    this.state = nextLinkState(previous, event);
    if (this.state === previous) return;
    for (const listener of [...this.listeners]) listener(this.state, previous);
  }
}
