import path from 'node:path';
import { compileTrustProxy } from './http/client-ip.js';

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
  /** The proxies in front (server/http/client-ip.ts), so per-IP limits see clients; null trusts none. */
  trustProxy: string | null;
  nodeEnv: 'development' | 'production' | 'test';
  /** Regions whose local phone formats the PII guard recognises (ISO 3166 codes). */
  phoneRegions: string[];
  /** Lifetime of a signed-in session token. */
  sessionTtlHours: number;
  /** Lifetime of an anonymous guest's token. */
  guestTtlHours: number;
  /** Largest HTTP body or WebSocket frame accepted. */
  maxRequestBytes: number;
  /** How long a deleted account holds its handle before the retention sweep releases it. */
  accountHandleGraceDays: number;
  /** How often the retention sweep runs (expired messages, released handles). */
  retentionSweepMinutes: number;
  /** Abuse limits (docs/limits.md); shared through Redis when redisUrl is set. */
  limits: LimitsConfig;
  /**
   * At-rest sealing of plaintext-room message bodies (docs/encryption.md): the current key
   * (base64, 32 bytes; null stores bodies in clear) and older keys still accepted for reading.
   */
  dataEncryptionKey: string | null;
  dataEncryptionKeysOld: string[];
}

/** Every abuse limit, each from one environment variable (docs/limits.md lists them). */
export interface LimitsConfig {
  /** Prefix of the limit keys in Redis, so deployments (and test runs) sharing one Redis stay apart. */
  keyPrefix: string;
  /** Per-user sendMessage token bucket. */
  message: BucketRule;
  /** How long a charged (room, clientId) is remembered, so its idempotent retries pass free. */
  messageRetryGraceSeconds: number;
  /** Per-user setTyping token bucket. */
  typing: BucketRule;
  /** Per-IP register/signIn/joinAnonymously/signInWithPortalToken attempts in a fixed window. */
  auth: {
    windowSeconds: number;
    /** Attempts in the window answered without delay. */
    freeAttempts: number;
    /** Attempts in the window answered at all; later ones are refused. */
    maxAttempts: number;
    /** Added delay per attempt past the free ones, up to maxDelayMs. */
    delayStepMs: number;
    maxDelayMs: number;
  };
  /** Wrong passwords for one handle from one address in a window; past them that pair is refused. */
  signInFailures: { max: number; windowSeconds: number };
  /** Open WebSocket sockets per client IP, per instance. */
  socketsPerIp: number;
  /** Subscriptions open at once on one socket. */
  subscriptionsPerSocket: number;
  /** Operations a socket may start (token bucket); past it they are refused and the socket is not read for a while. */
  socketOperations: BucketRule;
  /** HTTP requests to /graphql per bearer token, and per client IP; past them: 429 after a pause. */
  httpPerSession: BucketRule;
  httpPerIp: BucketRule;
  /** GraphQL document limits (graphql-armor). */
  graphql: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxCost: number };
}

/** A token bucket: `burst` at once, refilled at `ratePerSecond`. */
export interface BucketRule {
  ratePerSecond: number;
  burst: number;
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

function readBucket(env: Env, name: string, rate: number, burst: number): BucketRule {
  return Object.freeze({
    ratePerSecond: readInt(env, `${name}_RATE_PER_SECOND`, rate, 1, 10_000),
    burst: readInt(env, `${name}_BURST`, burst, 1, 100_000),
  });
}

function readLimits(env: Env): LimitsConfig {
  const auth = {
    windowSeconds: readInt(env, 'AUTH_WINDOW_SECONDS', 600, 1, 86_400),
    freeAttempts: readInt(env, 'AUTH_FREE_ATTEMPTS', 50, 0, 1_000_000),
    maxAttempts: readInt(env, 'AUTH_MAX_ATTEMPTS', 300, 1, 1_000_000),
    delayStepMs: readInt(env, 'AUTH_DELAY_STEP_MS', 200, 0, 60_000),
    maxDelayMs: readInt(env, 'AUTH_MAX_DELAY_MS', 3_000, 0, 60_000),
  };
  if (auth.freeAttempts > auth.maxAttempts) {
    throw new ConfigError('AUTH_FREE_ATTEMPTS must not be more than AUTH_MAX_ATTEMPTS');
  }
  const keyPrefix = env.LIMITS_KEY_PREFIX?.trim() || 'mentor-chat:limits';
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix)) {
    throw new ConfigError('LIMITS_KEY_PREFIX must be 1-64 characters of letters, digits, _ : . -');
  }
  return Object.freeze({
    keyPrefix,
    message: readBucket(env, 'MESSAGE', 5, 20),
    messageRetryGraceSeconds: readInt(env, 'MESSAGE_RETRY_GRACE_SECONDS', 600, 1, 86_400),
    typing: readBucket(env, 'TYPING', 2, 10),
    auth: Object.freeze(auth),
    signInFailures: Object.freeze({
      max: readInt(env, 'AUTH_HANDLE_MAX_FAILURES', 10, 1, 1_000_000),
      windowSeconds: readInt(env, 'AUTH_HANDLE_WINDOW_SECONDS', 3_600, 1, 7 * 86_400),
    }),
    socketsPerIp: readInt(env, 'WS_MAX_SOCKETS_PER_IP', 500, 1, 1_000_000),
    subscriptionsPerSocket: readInt(env, 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 50, 1, 10_000),
    socketOperations: readBucket(env, 'WS_OPERATIONS', 20, 40),
    httpPerSession: readBucket(env, 'HTTP_SESSION', 10, 30),
    httpPerIp: readBucket(env, 'HTTP_IP', 200, 400),
    graphql: Object.freeze({
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', 12, 1, 100),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', 20, 0, 1_000),
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', 3_000, 100, 1_000_000),
      maxDirectives: readInt(env, 'GRAPHQL_MAX_DIRECTIVES', 20, 0, 1_000),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', 8_000, 100, 10_000_000),
    }),
  });
}

function readDataKey(raw: string, name: string): string {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : null;
  if (bytes?.length !== 32 || bytes.toString('base64') !== raw) {
    const got = bytes ? `, got ${bytes.length} bytes` : ', got text that is not base64';
    throw new ConfigError(`${name} must be 32 random bytes in base64 (make one with: openssl rand -base64 32)${got}`);
  }
  return raw;
}

/** DATA_ENCRYPTION_KEY (current) and DATA_ENCRYPTION_KEYS_OLD (comma-separated, read only). */
function readDataKeys(env: Env): Pick<Config, 'dataEncryptionKey' | 'dataEncryptionKeysOld'> {
  const current = readOptional(env, 'DATA_ENCRYPTION_KEY');
  const old = (env.DATA_ENCRYPTION_KEYS_OLD ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (old.length > 0 && !current) {
    throw new ConfigError('DATA_ENCRYPTION_KEYS_OLD needs DATA_ENCRYPTION_KEY (the current key) set as well');
  }
  return {
    dataEncryptionKey: current && readDataKey(current, 'DATA_ENCRYPTION_KEY'),
    dataEncryptionKeysOld: old.map((key, i) => readDataKey(key, `DATA_ENCRYPTION_KEYS_OLD entry ${i + 1}`)),
  };
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
  const trustProxy = readOptional(env, 'TRUST_PROXY');
  if (trustProxy) {
    try {
      compileTrustProxy(trustProxy);
    } catch {
      throw new ConfigError(
        `TRUST_PROXY must be a hop count or comma-separated addresses, subnets or loopback/linklocal/uniquelocal, got "${trustProxy}"`,
      );
    }
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
    trustProxy,
    nodeEnv,
    phoneRegions,
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 24 * 30, 1, 24 * 365),
    guestTtlHours: readInt(env, 'GUEST_TTL_HOURS', 24, 1, 24 * 30),
    maxRequestBytes: readInt(env, 'MAX_REQUEST_BYTES', 100_000, 1_000, 10_000_000),
    accountHandleGraceDays: readInt(env, 'ACCOUNT_HANDLE_GRACE_DAYS', 30, 0, 3650),
    retentionSweepMinutes: readInt(env, 'RETENTION_SWEEP_MINUTES', 60, 1, 24 * 60),
    limits: readLimits(env),
    ...readDataKeys(env),
  });
}
