import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A portal-token secret for development when PORTAL_JWT_SECRET is unset. It is random,
 * made once and kept next to the development database, so the demo personas stay the
 * same users across restarts (portal users are found by a hash keyed with this secret).
 * Never used in production: main.ts only calls this outside it.
 */
export function developmentPortalSecret(dataDir: string): { secret: string; file: string } {
  const file = path.join(dataDir, 'dev-portal-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return { secret: kept, file };
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, file };
}
