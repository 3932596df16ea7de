// Process entry: read config, open the store, start the app; SIGTERM stops it cleanly.
import { buildApp } from './app.js';
import { logAtRestMode } from './at-rest/keyring.js';
import { ConfigError, loadConfig } from './config.js';
import { demoExtraRoutes, seedDemoOnFirstStart, withDevelopmentPortalSecret } from './demo/setup.js';
import { log } from './log.js';
import { openStore } from './store/open-store.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    // Development only: the demo portal needs a portal secret; production must set its own.
    config = withDevelopmentPortalSecret(loadConfig(), () => loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`mentor-chat: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const store = await openStore(config);
  const app = buildApp({ config, store, extraRoutes: demoExtraRoutes(config) });
  const { url } = await app.start();
  await seedDemoOnFirstStart(app.services, config);
  console.log(`mentor-chat listening on ${url} (GraphQL at ${url}/graphql, store: ${store.kind})`);
  logAtRestMode(config);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal });
    // A drain that hangs must not hold a deploy: give up well before an orchestrator's SIGKILL.
    setTimeout(() => process.exit(1), 20_000).unref();
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
