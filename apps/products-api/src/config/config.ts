import { z } from 'zod';

/**
 * Every environment variable the API reads, with its default and meaning.
 * This table is the single source: the loader, `.env.example` and the README
 * are checked against it by the tests.
 */
export const ENV_VARS = {
  PORT: { default: '3000', doc: 'HTTP port' },
  HOST: { default: '0.0.0.0', doc: 'interface to listen on' },
  S3_ENDPOINT: { default: undefined, doc: 'S3-compatible endpoint (e.g. http://localhost:9000 for MinIO); unset: an embedded server' },
  S3_REGION: { default: 'us-east-1', doc: 'S3 region' },
  S3_BUCKET: { default: 's3verless', doc: 'bucket holding the data (created when the embedded server is used)' },
  S3_ACCESS_KEY_ID: { default: undefined, doc: "access key; unset: the AWS SDK's default credential chain" },
  S3_SECRET_ACCESS_KEY: { default: undefined, doc: 'secret key (never logged)' },
  S3_FORCE_PATH_STYLE: { default: 'true', doc: 'path-style URLs (needed by MinIO and the embedded server)' },
  S3_BASE_PATH: { default: 's3verless-data/', doc: "prefix of every object key ('' or ending with '/')" },
  S3_CONNECT_TIMEOUT_MS: { default: '1000', doc: 'longest wait for a TCP connection to S3' },
  S3_REQUEST_TIMEOUT_MS: { default: '5000', doc: 'longest wait for an S3 response' },
  S3_MAX_ATTEMPTS: { default: '2', doc: 'attempts per S3 call, first included' },
  S3_LIST_CONCURRENCY: { default: '16', doc: 'parallel object GETs while listing' },
  EMBEDDED_S3_DIR: { default: '.data/s3', doc: 'data folder of the embedded server (used when S3_ENDPOINT is unset)' },
  EMBEDDED_S3_PORT: { default: '0', doc: 'port of the embedded server (0: any free port)' },
  REDIS_URL: { default: undefined, doc: 'Redis for a shared cache tier and an invalidation bus across instances (unset: in-process tiers only); a password in it is never logged' },
  REDIS_KEY_PREFIX: { default: 's3v:products-api:', doc: 'prefix of every Redis key and of the bus channel; instances that share a cache share it' },
  REDIS_TIMEOUT_MS: { default: '100', doc: 'longest wait for one Redis operation before it counts as failed (the request goes on without Redis)' },
  REDIS_LOCK: { default: 'true', doc: 'instances missing the same key together load it from S3 once (a lease in Redis)' },
  REDIS_LOCK_WAIT_MS: { default: '5000', doc: 'with REDIS_LOCK, longest wait for another instance loading the same key before loading it too' },
  CACHE_TTL: { default: '60', doc: 'seconds data and responses stay cached (L2 tier and response cache)' },
  CACHE_L1_TTL: { default: '30', doc: "seconds in the data cache's small L1 tier (capped at CACHE_TTL)" },
  CACHE_L1_SIZE: { default: '1000', doc: "entries in the data cache's L1 tier (LRU)" },
  CACHE_L2_SIZE: { default: '10000', doc: "entries in the data cache's L2 tier (in-memory, FIFO; without REDIS_URL)" },
  RESPONSE_CACHE_L1_SIZE: { default: '1000', doc: "entries in the response cache's own L1 tier (LRU; responses never evict data entries)" },
  RESPONSE_CACHE_SIZE: { default: '5000', doc: "entries in the response cache's own L2 tier without REDIS_URL (in-memory, FIFO); with it, responses live in Redis under REDIS_KEY_PREFIX + responses: for CACHE_TTL seconds" },
  OBJECT_CACHE_SIZE: { default: '10000', doc: 'decoded S3 objects kept by key and ETag (lists re-GET only changed objects)' },
  SKU_MARKER_TAKEOVER_MS: { default: '60000', doc: "age (ms, 1000..86400000) after which a SKU marker whose product is gone (a crash between two writes) may be taken over; must exceed the longest product write of any instance" },
  LOG_LEVEL: { default: 'info', doc: 'fatal, error, warn, info, debug, trace or silent; at info a request is one short line, at debug the full request and response' },
  LOG_FORMAT: { default: 'json', doc: 'json (one JSON object per line, for log collectors) or pretty (human-readable, for terminals)' },
  SHUTDOWN_TIMEOUT_MS: { default: '10000', doc: 'on SIGTERM/SIGINT, how long in-flight requests may finish before connections are cut' },
} as const;

export type EnvVarName = keyof typeof ENV_VARS;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
const seconds = z.string().trim().regex(/^\d+(\.\d+)?$/, 'must be a number of seconds').transform(Number).pipe(z.number().positive());
const bool = z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1');
const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z
  .object({
    PORT: int(0, 65_535),
    HOST: z.string().min(1),
    S3_ENDPOINT: optional(url),
    S3_REGION: z.string().min(1),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name (3-63 of a-z 0-9 . -)'),
    S3_ACCESS_KEY_ID: optional(z.string().min(1)),
    S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
    S3_FORCE_PATH_STYLE: bool,
    S3_BASE_PATH: z.string().regex(/^$|^[^*?[]*\/$/, "must be '' or end with '/'"),
    S3_CONNECT_TIMEOUT_MS: int(1),
    S3_REQUEST_TIMEOUT_MS: int(1),
    S3_MAX_ATTEMPTS: int(1, 10),
    S3_LIST_CONCURRENCY: int(1, 1024),
    EMBEDDED_S3_DIR: z.string().min(1),
    EMBEDDED_S3_PORT: int(0, 65_535),
    REDIS_URL: optional(z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })),
    REDIS_KEY_PREFIX: z.string().regex(/^[^*?[\]\\\s]{1,100}$/, 'must be 1-100 characters without spaces or * ? [ ] \\'),
    REDIS_TIMEOUT_MS: int(1, 60_000),
    REDIS_LOCK: bool,
    REDIS_LOCK_WAIT_MS: int(0, 60_000),
    CACHE_TTL: seconds,
    CACHE_L1_TTL: seconds,
    CACHE_L1_SIZE: int(1),
    CACHE_L2_SIZE: int(1),
    RESPONSE_CACHE_L1_SIZE: int(1),
    RESPONSE_CACHE_SIZE: int(1),
    OBJECT_CACHE_SIZE: int(1),
    SKU_MARKER_TAKEOVER_MS: int(1000, 86_400_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    LOG_FORMAT: z.enum(['json', 'pretty']),
    SHUTDOWN_TIMEOUT_MS: int(0),
  });

/** The validated configuration. */
export type Config = z.infer<typeof envSchema>;

/** The environment is unusable; `problems` lists every bad variable (values of secrets are never included). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Reads the configuration from environment variables (defaults from
 * {@link ENV_VARS}); throws {@link ConfigError} listing every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = {};
  for (const [name, spec] of Object.entries(ENV_VARS)) input[name] = env[name] ?? spec.default;
  const parsed = envSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message }));
  if (!input.S3_ACCESS_KEY_ID !== !input.S3_SECRET_ACCESS_KEY) {
    const missing = input.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    problems.push({ variable: missing, message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither' });
  }
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new ConfigError(problems);
}
