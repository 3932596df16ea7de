// Runs every bench in sequence, each in its own process (and each forking its own server),
// then repeats the headline figures. `npm run bench`, or: npx tsx test/bench/run-all.ts
import { execSync, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineLine, REPO_ROOT } from './lib/report.js';

const BENCHES = [
  'send-roundtrip.bench.ts',
  'history-page.bench.ts',
  'fanout.bench.ts',
  'fanout-vs-raw.bench.ts',
  'abuse-load.bench.ts',
  'crypto-browser.bench.ts',
];

function run(file: string): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: { type?: string; lines?: string[] }) => {
      if (message.type === 'bench-result' && message.lines) lines.push(...message.lines);
    });
    child.on('exit', (code) => resolve({ code, lines }));
  });
}

const started = performance.now();
const fdLimit = execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim();
console.log(machineLine());
console.log(
  `cpu model: ${os.cpus()[0]?.model}; cores: ${os.cpus().length}; node ${process.version}; open files limit (ulimit -n): ${fdLimit}`,
);
console.log(
  'server and load generator run in separate processes; both share these cores with anything else running here.',
);

const summary: string[] = [];
let failed = 0;
for (const bench of BENCHES) {
  const { code, lines } = await run(bench);
  if (code !== 0) {
    failed++;
    summary.push(`${bench}: FAILED (exit code ${code})`);
  }
  summary.push(...lines);
}
console.log(`\n=== summary (${((performance.now() - started) / 1000).toFixed(0)} s in all; rerun: npm run bench) ===`);
for (const line of summary) console.log(`- ${line}`);
process.exit(failed ? 1 : 0);
