// Process entry: read config, open the store, start the app; SIGTERM stops it cleanly.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { log } from './log.js';
import { openStore } from './store/open-store.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`mentor-chat: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const store = await openStore(config);
  const app = buildApp({ config, store });
  const { url } = await app.start();
  console.log(`mentor-chat listening on ${url} (GraphQL at ${url}/graphql, store: ${store.kind})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal });
    await app.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error('mentor-chat: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
