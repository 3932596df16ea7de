// One server instance in its own process, for the multi-instance tests: configured like
// server/main.ts by the environment, plus what a test needs to stay apart from other test runs
// sharing the same Redis (TEST_REDIS_PREFIX) and shorter presence timings (TEST_PRESENCE, JSON).
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { log } from '../../server/log.js';
import { openStore } from '../../server/store/open-store.js';

const config = loadConfig();
const store = await openStore(config);
const app = buildApp({
  config,
  store,
  redisPrefix: process.env.TEST_REDIS_PREFIX,
  presence: JSON.parse(process.env.TEST_PRESENCE ?? '{}'),
});
const { url } = await app.start();
console.log(`instance listening on ${url}`);

let stopping = false;
process.on('SIGTERM', async () => {
  if (stopping) return;
  stopping = true;
  log('info', 'shutting down', { signal: 'SIGTERM' });
  await app.stop();
  await store.close();
  process.exit(0);
});
