import type { Config } from '../config.js';
import { log } from '../log.js';
import type { Services } from '../services.js';
import { demoRoutes } from './demo-routes.js';
import { developmentPortalSecret } from './dev-secret.js';
import { seedDemo } from './seed.js';

/**
 * Outside production, with no PORTAL_JWT_SECRET, sets a development one (see dev-secret.ts)
 * and reads the configuration again; otherwise returns `config` untouched.
 */
export function withDevelopmentPortalSecret(
  config: Readonly<Config>,
  reload: () => Readonly<Config>,
): Readonly<Config> {
  if (config.nodeEnv === 'production' || config.portalJwtSecret) return config;
  const { secret, file } = developmentPortalSecret(config.dataDir);
  process.env.PORTAL_JWT_SECRET = secret;
  log(
    'info',
    'PORTAL_JWT_SECRET is not set: using a random development secret for the demo portal (never in production)',
    { file },
  );
  return reload();
}

/** The demo portal's token routes, outside production only. */
export function demoExtraRoutes(config: Readonly<Config>) {
  return config.nodeEnv === 'production' ? undefined : demoRoutes(config);
}

/** Seeds the Northfield Academy demo on the first start of an empty store, outside production. */
export async function seedDemoOnFirstStart(services: Services, config: Readonly<Config>): Promise<void> {
  if (config.nodeEnv === 'production') return;
  if (await seedDemo(services, config))
    log('info', 'seeded the Northfield Academy demo rooms (first start, empty store)');
}
