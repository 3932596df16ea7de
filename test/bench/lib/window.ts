import fs from 'node:fs';
import { type ServerHandle, statsDelta } from './server-ipc.js';

/** CPU time of this (load generator) process over a window, to show what the client itself cost. */
function clientCpu() {
  const start = process.cpuUsage();
  const startWall = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    const wallMs = performance.now() - startWall;
    const cpuMs = (used.user + used.system) / 1000;
    return { cpuMs, wallMs, percentOfOneCore: (cpuMs / wallMs) * 100 };
  };
}

/**
 * Busy CPU time of the whole machine over a window (from /proc/stat), so a bench can say how
 * much of it went to processes it did not start (other work on a shared machine is noise).
 */
function machineCpu() {
  const read = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
  };
  const start = fs.existsSync('/proc/stat') ? read() : null;
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  return () => (start ? { busyMs: (read().busy - start.busy) * tick } : null);
}

/** `others used 12% of a core`: machine busy time minus what the bench's own processes used. */
function noiseLine(machine: { busyMs: number } | null, ownCpuMs: number, wallMs: number): string {
  if (!machine) return 'noise: /proc/stat unavailable';
  const others = Math.max(0, machine.busyMs - ownCpuMs);
  return `noise: other processes on the machine used ~${((others / wallMs) * 100).toFixed(0)}% of one core during the window`;
}

/**
 * Starts a measured window: server stats, this process's CPU and the machine's. The returned
 * function ends it with what each used, and a line on how busy the rest of the machine was.
 */
export async function measureWindow(server: ServerHandle) {
  const before = await server.stats();
  const own = clientCpu();
  const machine = machineCpu();
  return async () => {
    const client = own();
    const machineUse = machine();
    const serverUse = statsDelta(before, await server.stats());
    return { server: serverUse, client, noise: noiseLine(machineUse, serverUse.cpuMs + client.cpuMs, client.wallMs) };
  };
}

/** CPU time (ms) of this process and every process it started, e.g. a browser and its renderers (Linux). */
function ownTreeCpuMs(): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = new Map<number, { parent: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone since the listing.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.parent ?? 0, hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, proc] of procs) if (inTree(pid)) ticks += proc.ticks;
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * A measured window for a bench whose work runs in processes it started itself (no server
 * process): what this process tree used, and how busy the rest of the machine was.
 */
export function measureOwnWindow() {
  const startTree = ownTreeCpuMs();
  const startWall = performance.now();
  const machine = machineCpu();
  return () => {
    const wallMs = performance.now() - startWall;
    const endTree = ownTreeCpuMs();
    const cpuMs = startTree === null || endTree === null ? 0 : endTree - startTree;
    return { cpuMs, wallMs, noise: noiseLine(machine(), cpuMs, wallMs) };
  };
}
