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
 * a socket the moment its token is revoked (signOut on any instance).
 */
export function attachSockets(deps: { wss: WebSocketServer; services: Services; pubsub: PubSub; presence: Presence }) {
  const states = new WeakMap<WebSocket, SocketState>();

  return {
    async onConnect(ctx: Ctx): Promise<boolean> {
      const raw = ctx.connectionParams?.authToken;
      if (raw === undefined || raw === null || raw === '') {
        states.set(ctx.extra.socket, { token: null, userId: null, stopListening: () => {} });
        return true;
      }
      if (typeof raw !== 'string') return false;
      const viewer = await deps.services.auth.viewerForToken(raw);
      if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
      const socket = ctx.extra.socket;
      const stopListening = deps.pubsub.listen('session', viewer.tokenHash, () =>
        socket.close(CLOSE_FORBIDDEN, 'Forbidden'),
      );
      states.set(socket, { token: raw, userId: viewer.user.id, stopListening });
      deps.presence.connected(viewer.user.id);
      return true;
    },

    onClose(ctx: Ctx): void {
      const state = states.get(ctx.extra.socket);
      if (!state) return;
      states.delete(ctx.extra.socket);
      state.stopListening();
      if (state.userId) deps.presence.disconnected(state.userId);
    },

    tokenOf(ctx: Ctx): string | null {
      return states.get(ctx.extra.socket)?.token ?? null;
    },
  };
}
