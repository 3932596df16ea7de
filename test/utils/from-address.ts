import http from 'node:http';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './graphql-client.js';

/*
 * Calls from a chosen loopback address (any of 127.0.0.0/8 reaches a server on 127.0.0.1),
 * so per-IP limits can be tested as several callers without touching each other's counts.
 */

/** POSTs one operation from `address`; resolves with the response and how long it took. */
export function gqlFrom<T = Record<string, any>>(
  address: string,
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { status: number; ms: number }> {
  const body = JSON.stringify({ query, variables });
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress: address,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString()) as GraphQLResponse<T>;
          resolve({ ...parsed, status: response.statusCode ?? 0, ms: performance.now() - started });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Opens a graphql-ws socket from `address` and resolves once it is acknowledged, or with the
 * HTTP status that refused the upgrade.
 */
export function socketFrom(
  address: string,
  wsUrl: string,
  token?: string,
): Promise<{ client: Client; dispose: () => Promise<void> } | { refusedWith: number }> {
  return new Promise((resolve, reject) => {
    class BoundSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { localAddress: address });
        this.on('unexpected-response', (request, response) => {
          resolve({ refusedWith: response.statusCode ?? 0 });
          request.destroy();
          void client.dispose();
        });
      }
    }
    const client = createClient({
      url: wsUrl,
      webSocketImpl: BoundSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: token ? { authToken: token } : {},
      onNonLazyError: () => {},
      on: {
        connected: () => resolve({ client, dispose: async () => client.dispose() }),
        error: (error) => reject(error),
      },
    });
  });
}
