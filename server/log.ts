/**
 * Structured JSON log lines on stdout/stderr. Callers pass ids and codes, never tokens,
 * passwords or message bodies.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Tests run many servers in one process: their request lines would drown the test output.
const defaultLevel: Level = process.env.NODE_ENV === 'test' ? 'warn' : 'info';
let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : defaultLevel;

export function setLogLevel(level: Level | 'silent'): void {
  threshold = level === 'silent' ? ('silent' as Level) : level;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (!(threshold in order) || order[level] < order[threshold]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

const errorSummary = (value: unknown) =>
  value instanceof Error
    ? { error: value.name, message: value.message, stack: value.stack }
    : { detail: String(value) };

/** Yoga's logger: refusals with a contract code are the client's business, not an incident. */
export const yogaLogger = {
  debug: () => {},
  info: () => {},
  warn: (...args: unknown[]) => log('warn', 'graphql', errorSummary(args[0])),
  error: (...args: unknown[]) => {
    const first = args[0] as { extensions?: { code?: unknown } } | undefined;
    const code = first?.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return;
    log('error', 'graphql', errorSummary(first));
  },
};
