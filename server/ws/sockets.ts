import type { IncomingMessage } from 'node:http';
import type { Context as WsContext } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Presence } from '../presence/presence.js';
import type { PubSub } from '../pubsub.js';
import type { Services } from '../services.js';

type Extra = { socket: WebSocket; request: IncomingMessage };
type Ctx = WsContext<Record<string, unknown> | undefined, Extra>;

interface SocketState {
  token: string | null;
  userId: string | null;
  stopListening: () => void;
}

/** The contract's close code for a socket whose token is bad, revoked or expired. */
export const CLOSE_FORBIDDEN = 4403;

/**
 * Authenticates each socket once at connection_init, tracks who is online, and closes
 * a socket the moment its token is revoked (signOut on any instance: the 'session' topic
 * crosses instances with the rest of pub/sub).
 */
export function attachSockets(deps: {
  wss: WebSocketServer;
  services: Services;
  pubsub: PubSub;
  presence: Pick<Presence, 'connected' | 'disconnected'>;
}) {
  const states = new WeakMap<WebSocket, SocketState>();
  // The live graphql-ws contexts, for the subscription gauge (their `subscriptions` are current).
  const contexts = new Set<Ctx>();

  return {
    async onConnect(ctx: Ctx): Promise<boolean> {
      const raw = ctx.connectionParams?.authToken;
      if (raw === undefined || raw === null || raw === '') {
        states.set(ctx.extra.socket, { token: null, userId: null, stopListening: () => {} });
        contexts.add(ctx);
        return true;
      }
      if (typeof raw !== 'string') return false;
      const viewer = await deps.services.auth.viewerForToken(raw);
      if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
      const socket = ctx.extra.socket;
      // Closed while the token was checked: onClose has run already, so nothing may be registered.
      if (socket.readyState !== socket.OPEN) return false;
      const stopListening = deps.pubsub.listen('session', viewer.tokenHash, () =>
        socket.close(CLOSE_FORBIDDEN, 'Forbidden'),
      );
      states.set(socket, { token: raw, userId: viewer.user.id, stopListening });
      contexts.add(ctx);
      deps.presence.connected(viewer.user.id);
      return true;
    },

    onClose(ctx: Ctx): void {
      contexts.delete(ctx);
      const state = states.get(ctx.extra.socket);
      if (!state) return;
      states.delete(ctx.extra.socket);
      state.stopListening();
      if (state.userId) deps.presence.disconnected(state.userId);
    },

    tokenOf(ctx: Ctx): string | null {
      return states.get(ctx.extra.socket)?.token ?? null;
    },

    /** Subscriptions running on this instance's sockets right now. */
    activeSubscriptions(): number {
      let count = 0;
      for (const ctx of contexts) for (const id in ctx.subscriptions) if (ctx.subscriptions[id]) count++;
      return count;
    },
  };
}
