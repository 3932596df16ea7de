import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import { createLoaders, type Loaders } from './execution/loaders.js';
import type { PubSub } from './pubsub.js';
import type { Services } from './services.js';
import type { UserRecord } from './store/store.js';

/** Who is calling: the user and the hash of the token they presented. */
export interface Viewer {
  user: UserRecord;
  tokenHash: string;
}

/** What every resolver receives; built once per HTTP request or per WebSocket operation. */
export interface Context {
  viewer: Viewer | null;
  services: Services;
  pubsub: PubSub;
  config: Readonly<Config>;
  /** The caller's address (the socket peer; behind a proxy, the proxy's). Used by abuse limits. */
  ip: string;
  /** Correlates log lines of one request or one WebSocket operation. */
  requestId: string;
  /** Batching loaders scoped to this request (a subscription gets fresh ones per event). */
  loaders: Loaders;
}

/** Reads a bearer token from an Authorization header value; null when absent or malformed. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,512})$/.exec(header.trim());
  return match ? match[1] : null;
}

/** Builds the context shared by HTTP and WebSocket: one way to resolve a viewer. */
export async function buildContext(
  deps: { services: Services; pubsub: PubSub; config: Readonly<Config> },
  token: string | null,
  caller: { ip: string; requestId?: string },
): Promise<Context> {
  const viewer = token ? await deps.services.auth.viewerForToken(token) : null;
  return {
    viewer,
    services: deps.services,
    pubsub: deps.pubsub,
    config: deps.config,
    ip: caller.ip,
    requestId: caller.requestId ?? randomUUID(),
    loaders: createLoaders(deps.services.store),
  };
}
