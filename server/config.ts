import path from 'node:path';

/** Everything the server reads from the environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | null;
  redisUrl: string | null;
  portalJwtSecret: string | null;
  adminHandle: string | null;
  adminPassword: string | null;
  /** Exact origins (scheme://host[:port]) allowed to open sockets and call with credentials. */
  allowedOrigins: string[];
  nodeEnv: 'development' | 'production' | 'test';
  /** Regions whose local phone formats the PII guard recognises (ISO 3166 codes). */
  phoneRegions: string[];
  /** Lifetime of a signed-in session token. */
  sessionTtlHours: number;
  /** Lifetime of an anonymous guest's token. */
  guestTtlHours: number;
  /** Largest HTTP body or WebSocket frame accepted. */
  maxRequestBytes: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readOptional(env: Env, key: string): string | null {
  const raw = env[key]?.trim();
  return raw ? raw : null;
}

function readOrigins(raw: string | undefined, port: number): string[] {
  // A fresh clone talks to its own demo page; production lists its portals explicitly.
  const list = raw?.trim() ? raw.split(',') : [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return list.map((entry) => {
    const origin = entry.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS has an entry that is not an origin: "${origin}"`);
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `ALLOWED_ORIGINS entries must be bare origins like https://portal.example.edu, got "${origin}"`,
      );
    }
    return parsed.origin;
  });
}

/** Reads and validates the environment into a frozen Config; throws ConfigError with a clear message. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const port = readInt(env, 'PORT', 4000, 0, 65535);
  const portalJwtSecret = readOptional(env, 'PORTAL_JWT_SECRET');
  if (portalJwtSecret && portalJwtSecret.length < 32) {
    throw new ConfigError('PORTAL_JWT_SECRET must be at least 32 characters (HS256 needs a strong shared secret)');
  }
  const adminHandle = readOptional(env, 'ADMIN_HANDLE');
  const adminPassword = readOptional(env, 'ADMIN_PASSWORD');
  if (Boolean(adminHandle) !== Boolean(adminPassword)) {
    throw new ConfigError('ADMIN_HANDLE and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters');
  }
  const mongodbUri = readOptional(env, 'MONGODB_URI');
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    throw new ConfigError('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  const redisUrl = readOptional(env, 'REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  }
  const phoneRegions = (env.PHONE_REGIONS?.trim() || 'US,GB').split(',').map((r) => r.trim().toUpperCase());
  for (const region of phoneRegions) {
    if (!/^[A-Z]{2}$/.test(region)) throw new ConfigError(`PHONE_REGIONS has an invalid region "${region}"`);
  }
  return Object.freeze({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    mongodbUri,
    redisUrl,
    portalJwtSecret,
    adminHandle: adminHandle?.toLowerCase() ?? null,
    adminPassword,
    allowedOrigins: readOrigins(env.ALLOWED_ORIGINS, port),
    nodeEnv,
    phoneRegions,
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 24 * 30, 1, 24 * 365),
    guestTtlHours: readInt(env, 'GUEST_TTL_HOURS', 24, 1, 24 * 30),
    maxRequestBytes: readInt(env, 'MAX_REQUEST_BYTES', 100_000, 1_000, 10_000_000),
  });
}
