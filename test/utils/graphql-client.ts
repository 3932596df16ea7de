import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: unknown[] }[];
}

/** POSTs one operation to the real server. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  return { ...body, status: response.status };
}

/** The first error's code, or undefined. */
export const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/** Data or a thrown error with the server's message: for set-up steps that must succeed. */
export async function must<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string | null,
): Promise<T> {
  const response = await gql<T>(url, query, variables, token);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export interface WsHandle {
  client: Client;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** A graphql-ws client over a real socket; `lazy: false` so the connection opens at once. */
export function wsClient(
  wsUrl: string,
  token?: string | null,
  options: { origin?: string; retry?: boolean } = {},
): WsHandle {
  let resolveClosed: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  class OriginSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, options.origin ? { origin: options.origin } : {});
    }
  }
  const client = createClient({
    url: wsUrl,
    webSocketImpl: OriginSocket,
    lazy: false,
    retryAttempts: options.retry ? 20 : 0,
    retryWait: async () => new Promise((r) => setTimeout(r, 200)),
    shouldRetry: () => Boolean(options.retry),
    connectionParams: token ? { authToken: token } : {},
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  return {
    client,
    closed,
    dispose: async () => {
      await client.dispose();
    },
  };
}

/**
 * Subscribes and queues every event, so a test waits for the n-th event without ever
 * missing one that arrived early (the graphql-ws test-utils habit).
 */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: GraphQLResponse<T>[] = [];
  let waiters: Array<() => void> = [];
  let completed = false;
  let error: unknown = null;
  const notify = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        events.push(value as GraphQLResponse<T>);
        notify();
      },
      error: (err) => {
        error = err;
        completed = true;
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  const waitFor = async (predicate: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} (have ${events.length} events)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    events,
    get completed() {
      return completed;
    },
    get error() {
      return error;
    },
    /** Waits until at least `n` events have arrived and returns them all. */
    async take(n: number, timeoutMs = 5000) {
      await waitFor(() => events.length >= n || completed, timeoutMs, `${n} events`);
      if (events.length < n)
        throw new Error(`subscription ended after ${events.length} events: ${JSON.stringify(error)}`);
      return events.slice(0, n);
    },
    async untilComplete(timeoutMs = 5000) {
      await waitFor(() => completed, timeoutMs, 'completion');
    },
    unsubscribe,
  };
}

/** Resolves when the server has acknowledged the socket (connection_ack). */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offClosed();
      reject(new Error(`socket closed before ack: ${(event as { code: number }).code}`));
    });
  });
}
