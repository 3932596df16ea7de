import type { WebSocket } from 'ws';
import type { LimitsConfig } from '../config.js';
import { AppError } from '../errors.js';
import { memoryBucket } from './token-bucket.js';

/**
 * A refusal a client can act on: RATE_LIMITED with `retryAfter` in whole seconds. Made
 * without a stack trace: a flood makes thousands, each stack would be formatted (through
 * source maps) when graphql wraps the error, and no one reads them.
 */
export function rateLimited(message: string, waitMs: number): AppError {
  const depth = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AppError('RATE_LIMITED', message, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) });
  } finally {
    Error.stackTraceLimit = depth;
  }
}

/** How long a socket that outran its operation budget is not read from. */
const PENALTY_MS = 1_000;

/**
 * Limits of what one instance holds open: sockets per IP, and per socket its operation
 * rate and its subscriptions. These stay per instance even with Redis: they protect this
 * process's file descriptors, memory and event loop, and a count kept in Redis would
 * outlive an instance that crashed with sockets open.
 */
export function socketLimits(config: LimitsConfig) {
  const socketsByIp = new Map<string, number>();
  const operations = memoryBucket(config.socketOperations);
  const socketIds = new WeakMap<object, number>();
  const subscriptionIds = new WeakMap<object, Set<string>>();
  let nextSocketId = 0;

  return {
    /** Counts a socket for `ip`; the release function uncounts it (once), or null at the cap. */
    claimSocket(ip: string): (() => void) | null {
      const open = socketsByIp.get(ip) ?? 0;
      if (open >= config.socketsPerIp) return null;
      socketsByIp.set(ip, open + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (socketsByIp.get(ip) ?? 1) - 1;
        if (left > 0) socketsByIp.set(ip, left);
        else socketsByIp.delete(ip);
      };
    },

    /**
     * The first check of every operation on a socket, before any work: past the socket's
     * budget the operation is refused and the socket is not read for a second, so a flood
     * waits in the kernel's buffers (TCP pushes back on the sender) instead of our event loop.
     */
    async admitOperation(socket: WebSocket): Promise<AppError | null> {
      let id = socketIds.get(socket);
      if (id === undefined) {
        id = nextSocketId++;
        socketIds.set(socket, id);
      }
      const wait = await operations.take(String(id));
      if (wait === 0) return null;
      if (!socket.isPaused) {
        socket.pause();
        setTimeout(() => socket.resume(), Math.max(wait, PENALTY_MS)).unref();
      }
      return rateLimited('This connection is sending too fast. Slow down.', Math.max(wait, PENALTY_MS));
    },

    /**
     * Admits a subscription operation while the socket has fewer than the cap open.
     * `inFlight` is graphql-ws' own record of the socket's operations (ctx.subscriptions):
     * an id that left it has ended, however it ended, so the count cannot drift.
     */
    admitSubscription(socket: WebSocket, inFlight: Record<string, unknown>, id: string): AppError | null {
      let ids = subscriptionIds.get(socket);
      if (!ids) {
        ids = new Set();
        subscriptionIds.set(socket, ids);
      }
      for (const open of ids) if (!(open in inFlight)) ids.delete(open);
      if (ids.size >= config.subscriptionsPerSocket) {
        return new AppError(
          'RATE_LIMITED',
          `Too many subscriptions on this connection (at most ${config.subscriptionsPerSocket}). End one first.`,
          { limit: config.subscriptionsPerSocket },
        );
      }
      ids.add(id);
      return null;
    },

    close: () => operations.close(),
  };
}

export type SocketLimits = ReturnType<typeof socketLimits>;
