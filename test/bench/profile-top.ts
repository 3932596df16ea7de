// Prints where a server spent its CPU, from the V8 profile a bench run with
// BENCH_CPU_PROFILE=<dir> left behind:  npx tsx test/bench/profile-top.ts <dir or .cpuprofile> [rows]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const target = process.argv[2];
const rows = Number(process.argv[3] ?? 25);
if (!target) {
  console.error('usage: npx tsx test/bench/profile-top.ts <dir or file.cpuprofile> [rows]');
  process.exit(1);
}
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

/** Sampled time outside (idle): tsx's loader thread writes a mostly idle profile of its own. */
function busyUs(profile: Profile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.reduce((sum, id, i) => (idle.has(id) ? sum : sum + (profile.timeDeltas[i] ?? 0)), 0);
}

const files = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(target, name))
  : [target];
const [file] = files
  .map((f) => ({ f, busy: busyUs(read(f)) }))
  .sort((a, b) => b.busy - a.busy)
  .map((x) => x.f);
if (!file) throw new Error(`no .cpuprofile in ${target}`);
const profile = read(file);

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** node_modules/<package> or the project path, so time adds up per library. */
function owner(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (!url) return '(native / V8)';
  return url.startsWith('node:')
    ? 'node core'
    : path
        .relative(process.cwd(), url.replace(/^file:\/\//, ''))
        .split('/')
        .slice(0, 2)
        .join('/');
}

const byFunction = new Map<string, number>();
const byOwner = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const key = `${functionName || '(anonymous)'}  ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|test)\//, '$1/')}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + us);
}
const print = (title: string, map: Map<string, number>, limit: number) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms of samples (the busiest of ${files.length} thread profiles)`);
print('self time by package / folder', byOwner, 15);
print('self time by function', byFunction, rows);
