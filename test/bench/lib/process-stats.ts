// The server side of the bench IPC (lib/server-ipc.ts), shared by the project's server process
// and the raw ws floor: GC pauses counted, stats answered, stop and disconnect obeyed.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { FromServer, ServerStats, ToServer } from './server-ipc.js';

/**
 * Starts counting GC pauses (they block every request and delivery, so a bench can tell them
 * from other stalls) and answers the bench over IPC. `socketErrors` is read at each stats call.
 * Returns `ready`, to call once the server listens.
 */
export function serveBenchIpc(options: {
  stop: () => Promise<void> | void;
  socketErrors?: () => Record<string, number>;
  /** Durations (ms) timed inside the server, by name; handed over and cleared at each stats call. */
  timings?: Record<string, number[]>;
}): { ready: (port: number) => void } {
  const gcPauses = { count: 0, totalMs: 0, longestSinceLastStats: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauses.count++;
      gcPauses.totalMs += entry.duration;
      gcPauses.longestSinceLastStats = Math.max(gcPauses.longestSinceLastStats, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const collect = (globalThis as { gc?: () => void }).gc;
  const reply = (message: FromServer) => process.send?.(message);

  const stats = (gc: boolean): ServerStats => {
    if (gc && collect) {
      // Twice: the first pass may only queue finalizers that free more on the second.
      collect();
      collect();
    }
    const pauses = { ...gcPauses };
    gcPauses.longestSinceLastStats = 0;
    return {
      cpu: process.cpuUsage(),
      memory: process.memoryUsage(),
      elu: performance.eventLoopUtilization(),
      gcPauses: pauses,
      socketErrors: { ...(options.socketErrors?.() ?? {}) },
      timings: drain(options.timings),
      collected: gc && Boolean(collect),
    };
  };

  const drain = (timings: Record<string, number[]> = {}) => {
    const copy = { ...timings };
    for (const name of Object.keys(timings)) timings[name] = [];
    return copy;
  };

  process.on('message', async (raw) => {
    const message = raw as ToServer;
    if (message.type === 'stats') return reply({ type: 'reply', id: message.id, stats: stats(message.gc) });
    if (message.type === 'stop') {
      await options.stop();
      process.exit(0);
    }
  });
  // The bench died without saying stop: do not outlive it.
  process.on('disconnect', () => process.exit(0));
  return { ready: (port) => reply({ type: 'ready', pid: process.pid, port }) };
}
