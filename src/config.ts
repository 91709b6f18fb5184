import os from 'node:os';
import path from 'node:path';

/**
 * Everything Userhub reads from the environment, validated once at start-up.
 * This is the only module that looks at `process.env`; everything else receives a Config.
 */
export interface Config {
  host: string;
  port: number;
  /** Public URL of the dashboard, without a trailing slash. https makes cookies Secure. */
  origin: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | null;
  mailFrom: string;
  /** how often each node's mail worker looks for due messages (it is also woken on every send) */
  mailPollIntervalMs: number;
  issuer: string;
  redisUrl: string | null;
  bootstrapAdmin: { password: string | null; email: string };
  /** Encryption key for secrets at rest (base64 or hex, 32 bytes); null = generated in the data dir. */
  secretKey: string | null;
  session: { idleTimeoutMs: number; absoluteLifetimeMs: number; historyRetentionMs: number };
  reauthWindowMs: number;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** a log line per request (Fastify's request logger); off by default, as in Keycloak */
  accessLog: boolean;
  /** how long slow or silent clients may hold a connection (src/http/connection-limits.ts) */
  connections: ConnectionLimits;
  /** how much password hashing runs and waits at once (src/features/auth/hash-pool.ts) */
  hashing: HashingLimits;
}

export interface ConnectionLimits {
  /** USERHUB_HEADERS_TIMEOUT (10s): the request line and headers must arrive within it (slowloris) */
  headersTimeoutMs: number;
  /**
   * USERHUB_REQUEST_TIMEOUT (25s): the whole request, body included, must arrive within it, so a
   * stalled or trickled body is cut; it bounds uploads too (a 10 MB background needs ~3.3 Mbit/s)
   */
  requestTimeoutMs: number;
  /** USERHUB_KEEP_ALIVE_TIMEOUT (72s): an idle kept-alive connection is closed after it; longer than
   * the 60 s idle timeout of common proxies and load balancers, so they never reuse a closed one */
  keepAliveTimeoutMs: number;
  /** USERHUB_MAX_CONNECTIONS_PER_IP (200; 0 = no cap): open connections per client address.
   * Off by default behind a proxy (USERHUB_TRUST_PROXY), where every connection is the proxy's. */
  maxConnectionsPerIp: number;
}

export interface HashingLimits {
  /** USERHUB_HASH_THREADS (CPUs − 1, at least 1; at most 64): the hashing threads, so argon2
   * hashes and verifies running at once; the CPU left over keeps the request loop answering
   * during a login storm */
  threads: number;
  /** USERHUB_HASH_QUEUE (64 per thread): hashes accepted beyond those running, in arrival order
   * (each thread holds its next one); one more is 503 hashing_busy at once */
  queue: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string, value: string) {
    super(`${variable}: ${reason} (got ${JSON.stringify(value)})`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function duration(env: Env, name: string, fallback: string): number {
  const raw = read(env, name) ?? fallback;
  const match = /^(\d{1,9})(ms|[smhd])$/.exec(raw);
  if (!match) throw new ConfigError(name, 'must be a duration like 500ms, 90s, 15m, 12h or 7d', raw);
  const ms = Number(match[1]) * DURATION_UNITS[match[2] as string]!;
  if (ms <= 0) throw new ConfigError(name, 'must be greater than zero', raw);
  return ms;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = read(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(', ')})`, raw);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`, raw);
  }
  return raw;
}

function port(env: Env): number {
  const raw = read(env, 'USERHUB_PORT') ?? '8080';
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 0 || value > 65535) {
    throw new ConfigError('USERHUB_PORT', 'must be an integer between 0 and 65535', raw);
  }
  return value;
}

function database(env: Env, dataDir: string): Config['database'] {
  const raw = read(env, 'USERHUB_DATABASE_URL');
  if (raw === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'userhub.db') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') throw new ConfigError('USERHUB_DATABASE_URL', 'sqlite: needs a file path', raw);
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('USERHUB_DATABASE_URL', 'is not a valid postgres:// URL', raw);
    }
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError('USERHUB_DATABASE_URL', 'must start with sqlite: or postgres://', raw);
}

function secretKey(env: Env): string | null {
  const raw = read(env, 'USERHUB_SECRET_KEY');
  if (raw === undefined) return null;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? 32 : Buffer.from(raw, 'base64').length;
  if (bytes !== 32) throw new ConfigError('USERHUB_SECRET_KEY', 'must be 32 bytes, as 64 hex digits or base64', '…');
  return raw;
}

function count(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new ConfigError(name, 'must be a whole number (0 for no limit)', raw);
  return Number(raw);
}

function wholeNumber(env: Env, name: string, fallback: number, range: { min: number; max?: number }): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || value < range.min || value > (range.max ?? Infinity)) {
    throw new ConfigError(name, range.max === undefined ? `must be a whole number, at least ${range.min}` : `must be a whole number from ${range.min} to ${range.max}`, raw);
  }
  return value;
}

/**
 * Waiting hashes per hash thread by default. An argon2id verify with our parameters took 17–30 ms
 * on one core of the 2 vCPU benchmark VM. A client refused with 503 comes back after Retry-After,
 * at least 1 s: the queue must hold more than a second of work, or the thread idles meanwhile
 * (with 32 the login-storm bench measured 0.61× the raw verify rate). 64 is 1.1–1.9 s of work,
 * which is also the longest a queued sign-in waits before its own hash.
 */
const QUEUED_HASHES_PER_THREAD = 64;
/** Each hashing thread is a worker thread of its own (an isolate, and 19 MiB while it hashes): enough for 64 cores. */
const MAX_HASH_THREADS = 64;

function hashingLimits(env: Env): HashingLimits {
  const threads = wholeNumber(env, 'USERHUB_HASH_THREADS', Math.max(1, os.availableParallelism() - 1), { min: 1, max: MAX_HASH_THREADS });
  return { threads, queue: wholeNumber(env, 'USERHUB_HASH_QUEUE', QUEUED_HASHES_PER_THREAD * threads, { min: 0 }) };
}

function connectionLimits(env: Env, trustProxy: boolean): ConnectionLimits {
  const limits = {
    headersTimeoutMs: duration(env, 'USERHUB_HEADERS_TIMEOUT', '10s'),
    requestTimeoutMs: duration(env, 'USERHUB_REQUEST_TIMEOUT', '25s'),
    keepAliveTimeoutMs: duration(env, 'USERHUB_KEEP_ALIVE_TIMEOUT', '72s'),
    maxConnectionsPerIp: count(env, 'USERHUB_MAX_CONNECTIONS_PER_IP', trustProxy ? 0 : 200),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('USERHUB_HEADERS_TIMEOUT', 'must not be longer than USERHUB_REQUEST_TIMEOUT', read(env, 'USERHUB_HEADERS_TIMEOUT') ?? '10s');
  }
  return limits;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'must be true or false', raw);
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const host = read(env, 'USERHUB_HOST') ?? '127.0.0.1';
  const listenPort = port(env);
  const dataDir = path.resolve(read(env, 'USERHUB_DATA_DIR') ?? './data');
  const origin = (url(env, 'USERHUB_ORIGIN', ['http:', 'https:']) ?? `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`).replace(/\/+$/, '');
  const mailFrom = read(env, 'USERHUB_MAIL_FROM') ?? 'Userhub <no-reply@localhost>';
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    throw new ConfigError('USERHUB_MAIL_FROM', 'must be an address, like "Userhub <no-reply@example.com>"', mailFrom);
  }
  const bootstrapEmail = read(env, 'USERHUB_BOOTSTRAP_ADMIN_EMAIL') ?? 'admin@localhost';
  if (!/^[^\s@]+@[^\s@]+$/.test(bootstrapEmail)) {
    throw new ConfigError('USERHUB_BOOTSTRAP_ADMIN_EMAIL', 'must be an email address', bootstrapEmail);
  }
  const logLevel = read(env, 'USERHUB_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('USERHUB_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel);
  }
  const issuer = read(env, 'USERHUB_ISSUER') ?? 'Userhub';
  const trustProxy = bool(env, 'USERHUB_TRUST_PROXY', false);
  if (issuer.includes(':')) throw new ConfigError('USERHUB_ISSUER', 'must not contain a colon', issuer);
  return {
    host,
    port: listenPort,
    origin,
    dataDir,
    database: database(env, dataDir),
    smtpUrl: url(env, 'USERHUB_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    mailPollIntervalMs: duration(env, 'USERHUB_MAIL_POLL_INTERVAL', '5s'),
    issuer,
    redisUrl: url(env, 'USERHUB_REDIS_URL', ['redis:', 'rediss:']),
    bootstrapAdmin: { password: read(env, 'USERHUB_BOOTSTRAP_ADMIN_PASSWORD') ?? null, email: bootstrapEmail },
    secretKey: secretKey(env),
    session: {
      idleTimeoutMs: duration(env, 'USERHUB_SESSION_IDLE_TIMEOUT', '7d'),
      absoluteLifetimeMs: duration(env, 'USERHUB_SESSION_LIFETIME', '30d'),
      historyRetentionMs: duration(env, 'USERHUB_SESSION_HISTORY', '90d'),
    },
    reauthWindowMs: duration(env, 'USERHUB_REAUTH_WINDOW', '15m'),
    trustProxy,
    logLevel: logLevel as Config['logLevel'],
    accessLog: bool(env, 'USERHUB_ACCESS_LOG', false),
    connections: connectionLimits(env, trustProxy),
    hashing: hashingLimits(env),
  };
}
