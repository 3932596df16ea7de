import type { Server } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';

/** RFC 6455 "Service Restart": graphql-ws clients retry (on another instance, behind a balancer). */
export const CLOSE_SERVICE_RESTART = 1012;

/**
 * Closes every socket with `code` and waits for the closing handshakes, terminating whatever has
 * not answered within `timeoutMs` (a frozen client must not hold a deploy).
 */
export async function closeSockets(wss: WebSocketServer, code: number, reason: string, timeoutMs: number) {
  const open = [...wss.clients];
  const closed = open.map(
    (socket: WebSocket) =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(code, reason);
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  for (const socket of open) if (socket.readyState !== socket.CLOSED) socket.terminate();
}

/**
 * Stops accepting connections at once, lets requests in flight finish for up to `timeoutMs`,
 * then cuts what is left.
 */
export async function closeHttp(server: Server, timeoutMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
}
