import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so benches run the same from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles over raw samples (no histogram buckets, so no rounding to bucket edges). */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { n, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { n, p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[n - 1], mean: sum / n };
}

/** `p50 1.23 ms  p95 …` with the given unit and scale (e.g. µs from ms samples: scale 1000). */
export function formatSummary(s: Summary, unit = 'ms', scale = 1): string {
  const f = (v: number) => (v * scale).toFixed(v * scale >= 100 ? 0 : 2);
  return `n=${s.n}  p50 ${f(s.p50)}  p90 ${f(s.p90)}  p95 ${f(s.p95)}  p99 ${f(s.p99)}  max ${f(s.max)}  mean ${f(s.mean)} ${unit}`;
}

export function verdict(value: number, target: number, unit: string): string {
  return value < target ? `meets target (< ${target} ${unit})` : `MISSES target (< ${target} ${unit})`;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One line of machine context: the figures mean little without it. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus[0]?.model ?? 'unknown cpu'} x${cpus.length} cores, ${mb(os.totalmem())} RAM, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join('/')}; node ${process.version} ${process.platform}/${process.arch} ${os.release()}`;
}

/**
 * The header every bench prints: what it is, the machine, and the exact command
 * (with the environment overrides that were in effect) to print the figures again.
 */
export function printHeader(title: string, benchFile: string, envKeys: readonly string[]): void {
  const overrides = [...envKeys, 'BENCH_CPU_PROFILE']
    .filter((key) => process.env[key] !== undefined)
    .map((key) => `${key}=${process.env[key]}`);
  const relative = path.relative(REPO_ROOT, fileURLToPath(benchFile));
  console.log(`\n=== ${title} ===`);
  console.log(machineLine());
  console.log(`rerun: ${[...overrides, 'npx tsx', relative].join(' ')}`);
}

/** A numeric bench option from the environment, so the printed command can reproduce it. */
export function envNumber(key: string, fallback: number): number {
  const raw = process.env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number, got "${raw}"`);
  return value;
}

/** Hands the headline figures to run-all (when it forked this bench) for its closing summary. */
export function reportResult(name: string, lines: string[]): void {
  process.send?.({ type: 'bench-result', name, lines });
}

/** `server: … µs CPU per page (user … + system …), event loop busy …%, GC …[, socket errors]` */
export function serverLine(
  use: {
    cpuMs: number;
    userMs: number;
    systemMs: number;
    eventLoopUtilization: number;
    gc: { count: number; totalMs: number; longestMs: number };
    socketErrors: Record<string, number>;
  },
  per: { count: number; unit: string },
): string {
  const us = (ms: number) => ((ms / per.count) * 1000).toFixed(0);
  const errors = Object.entries(use.socketErrors).map(([code, count]) => `${code} x${count}`);
  return (
    `server: ${us(use.cpuMs)} µs CPU per ${per.unit} (user ${us(use.userMs)} + system ${us(use.systemMs)}), ` +
    `event loop busy ${(use.eventLoopUtilization * 100).toFixed(1)}%, ` +
    `GC ${use.gc.count} pauses / ${use.gc.totalMs.toFixed(0)} ms, longest ${use.gc.longestMs.toFixed(1)} ms` +
    (errors.length ? `; TCP socket errors since start: ${errors.join(', ')}` : '')
  );
}

/** `inside the server: store.appendMessage n=… p50 …`: the server's own share of a round trip. */
export function insideLines(timings: Record<string, number[]>, names: readonly string[]): string[] {
  return names
    .filter((name) => timings[name]?.length)
    .map((name) => `inside the server, ${name}:  ${formatSummary(summarize(timings[name]))}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
