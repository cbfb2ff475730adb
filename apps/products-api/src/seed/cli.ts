/**
 * The `npm run seed` command, as a function that can run in-process (tests):
 * argument parsing, the S3 target (the embedded server's data folder, or the
 * configured endpoint), the progress bar and the summary.
 */
import { resolve } from 'node:path';
import { ConfigError, type Config, loadConfig } from '../config/config';
import { createS3Client, type EmbeddedS3, EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from '../s3';
import { S3ProductRepository, StorageUnavailableError, type StorageLogger } from '../storage';
import { DEFAULT_SEED, demoSku, MAX_SEED } from './generate';
import { ProgressBar, type ProgressStream } from './progress';
import { DEFAULT_SEED_CONCURRENCY, seedProducts, type SeedResult } from './seed';

/** Most products one run may ask for. */
export const MAX_COUNT = 100_000;
/** Most creates in flight. */
export const MAX_CONCURRENCY = 64;

/** Exit codes of {@link runSeedCli}. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });

export const SEED_USAGE = `Usage: npm run seed -- --count N [--concurrency N] [--seed N]

Loads N demo products (SKUs DEMO-00001..) into the products store. Idempotent
by SKU: products already present are skipped, so running it again adds only
the missing ones.

Options:
  --count N         products to ensure, 1..${MAX_COUNT} (required)
  --concurrency N   products written at once, 1..${MAX_CONCURRENCY} (default ${DEFAULT_SEED_CONCURRENCY})
  --seed N          generator seed, 0..${MAX_SEED} (default ${DEFAULT_SEED}); the same seed gives the same products
  -h, --help        show this help

Where the products go (the same environment variables as npm start):
  S3_ENDPOINT unset  the embedded S3 server's data folder, EMBEDDED_S3_DIR (default .data/s3);
                     the server runs only while seeding, so npm start sees the products afterwards
  S3_ENDPOINT set    that endpoint (e.g. MinIO), bucket S3_BUCKET, which must exist;
                     credentials from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY
  S3_BUCKET, S3_BASE_PATH, S3_REGION, S3_*_TIMEOUT_MS and S3_MAX_ATTEMPTS apply as for npm start.

Exit codes: 0 done, 1 failed (configuration, storage, or some products not created),
2 bad arguments, 130 interrupted.
`;

/** Parsed arguments. */
export interface SeedArgs {
  readonly help: boolean;
  readonly count: number;
  readonly concurrency: number;
  readonly seed: number;
}

/** The arguments cannot be used; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  '--count': { min: 1, max: MAX_COUNT },
  '--concurrency': { min: 1, max: MAX_CONCURRENCY },
  '--seed': { min: 0, max: MAX_SEED },
} as const;
type OptionName = keyof typeof OPTIONS;

function isOption(name: string): name is OptionName {
  return Object.prototype.hasOwnProperty.call(OPTIONS, name);
}

/**
 * Parses `--count N` (or `--count=N`), `--concurrency N`, `--seed N`, `--help`.
 * @throws UsageError for an unknown option, a missing or bad value, a repeated option, or no `--count`.
 */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) {
    return { help: true, count: 0, concurrency: DEFAULT_SEED_CONCURRENCY, seed: DEFAULT_SEED };
  }
  const values = new Map<OptionName, number>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('-')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!isOption(name)) throw new UsageError(`unknown option ${JSON.stringify(name)}`);
    let raw: string | undefined;
    if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('--')) throw new UsageError(`${name} needs a value`);
      i += 1;
    }
    if (values.has(name)) throw new UsageError(`${name} is given more than once`);
    const { min, max } = OPTIONS[name];
    const trimmed = raw.trim();
    if (!/^\d+$/.test(trimmed)) throw new UsageError(`${name} must be a whole number in ${min}..${max}, got ${JSON.stringify(raw)}`);
    const value = Number(trimmed);
    if (value < min || value > max) throw new UsageError(`${name} must be in ${min}..${max}, got ${trimmed}`);
    values.set(name, value);
  }
  const count = values.get('--count');
  if (count === undefined) throw new UsageError('--count is required');
  return {
    help: false,
    count,
    concurrency: values.get('--concurrency') ?? DEFAULT_SEED_CONCURRENCY,
    seed: values.get('--seed') ?? DEFAULT_SEED,
  };
}

/** Where {@link runSeedCli} writes: the summary to `stdout`, progress, warnings and errors to `stderr`. */
export interface SeedCliStreams {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

/** Extra settings of {@link runSeedCli}. */
export interface SeedCliOptions {
  /** Aborting (Ctrl-C) stops starting new products; the run ends with exit code 130. */
  signal?: AbortSignal;
}

/**
 * Runs the seed command; resolves to the exit code (never rejects for a usage,
 * configuration or storage problem: those are reported on `stderr`).
 */
export async function runSeedCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  streams: SeedCliStreams,
  options: SeedCliOptions = {},
): Promise<number> {
  const { stdout, stderr } = streams;
  let args: SeedArgs;
  try {
    args = parseSeedArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`seed: ${error.message}\nUsage: npm run seed -- --count N [--concurrency N] [--seed N]  (--help for details)\n`);
    return EXIT.usage;
  }
  if (args.help) {
    stdout.write(SEED_USAGE);
    return EXIT.ok;
  }

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`seed: ${error.message}\n`);
    return EXIT.failed;
  }

  let target: Target;
  try {
    target = await openTarget(config);
  } catch (error) {
    const what =
      config.S3_ENDPOINT === undefined
        ? `could not start the embedded S3 server in ${resolve(config.EMBEDDED_S3_DIR)}`
        : 'could not create the S3 client';
    stderr.write(`seed: ${what}: ${messageOf(error)}\n`);
    return EXIT.failed;
  }

  const startedAt = performance.now();
  const range = args.count === 1 ? demoSku(1) : `${demoSku(1)}..${demoSku(args.count)}`;
  stdout.write(
    `Seeding ${args.count} demo product${args.count === 1 ? '' : 's'} (${range}, seed ${args.seed}) ` +
      `into s3://${config.S3_BUCKET}/${config.S3_BASE_PATH} on ${target.description}\n`,
  );
  const bar = new ProgressBar({ stream: stderr, label: 'seeding' });
  const logger: StorageLogger = {
    warn(details, message) {
      const key = (details as { key?: unknown }).key;
      if (bar.hasOpenLine) stderr.write('\n');
      stderr.write(`warning: ${message}${typeof key === 'string' ? ` (${key})` : ''}\n`);
    },
  };
  const onAbort = (): void => {
    if (bar.hasOpenLine) stderr.write('\n');
    stderr.write('seed: interrupted; finishing the products in flight (Ctrl-C again to quit at once)\n');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const repository = new S3ProductRepository({
      client: target.client,
      bucket: config.S3_BUCKET,
      basePath: config.S3_BASE_PATH,
      concurrency: config.S3_LIST_CONCURRENCY,
      objectCache: null,
      logger,
    });
    let announced = false;
    let result: SeedResult;
    try {
      result = await seedProducts({
        repository,
        count: args.count,
        concurrency: args.concurrency,
        seed: args.seed,
        signal: options.signal,
        onProgress: (progress) => {
          if (!announced) {
            announced = true;
            stdout.write(
              progress.total === 0
                ? `All ${args.count} already present; nothing to create.\n`
                : `${progress.alreadyPresent} already present; creating ${progress.total}.\n`,
            );
          }
          bar.update(progress.done, progress.total);
        },
      });
    } catch (error) {
      bar.finish();
      stderr.write(`seed: ${describeStorageError(error, config)}\n`);
      return EXIT.failed;
    }
    bar.finish();
    writeSummary(result, (performance.now() - startedAt) / 1000, streams);
    if (result.stopped === 'aborted') return EXIT.interrupted;
    return result.failed > 0 || result.stopped !== undefined ? EXIT.failed : EXIT.ok;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await target.close();
  }
}

/** The S3 client to seed through, and what to call it in messages (never with credentials). */
interface Target {
  readonly client: ReturnType<typeof createS3Client>;
  readonly description: string;
  close(): Promise<void>;
}

async function openTarget(config: Config): Promise<Target> {
  const clientSettings = {
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    connectTimeoutMs: config.S3_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: config.S3_REQUEST_TIMEOUT_MS,
    maxAttempts: config.S3_MAX_ATTEMPTS,
  };
  if (config.S3_ENDPOINT !== undefined) {
    const client = createS3Client({
      ...clientSettings,
      endpoint: config.S3_ENDPOINT,
      ...(config.S3_ACCESS_KEY_ID === undefined
        ? {}
        : { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }),
    });
    return {
      client,
      description: safeEndpoint(config.S3_ENDPOINT),
      close: async () => client.destroy(),
    };
  }
  // Any free port: the data folder is what matters, and a running `npm start` may hold EMBEDDED_S3_PORT.
  const embedded: EmbeddedS3 = await startEmbeddedS3({ directory: config.EMBEDDED_S3_DIR, bucket: config.S3_BUCKET, port: 0 });
  const client = createS3Client({ ...clientSettings, endpoint: embedded.endpoint, ...EMBEDDED_S3_CREDENTIALS });
  return {
    client,
    description: `the embedded S3 server (data in ${resolve(config.EMBEDDED_S3_DIR)})`,
    close: async () => {
      client.destroy();
      await embedded.close();
    },
  };
}

/** The endpoint without user info, query or fragment. */
function safeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'the configured S3 endpoint';
  }
}

function writeSummary(result: SeedResult, seconds: number, { stdout, stderr }: SeedCliStreams): void {
  const duplicates = result.skipped - result.alreadyPresent;
  const skipped =
    duplicates > 0 ? `${result.skipped} skipped (already present; ${duplicates} found while creating)` : `${result.skipped} skipped (already present)`;
  const parts = [`${result.created} created`, skipped, `${result.failed} failed`];
  if (result.notAttempted > 0) parts.push(`${result.notAttempted} not attempted`);
  stdout.write(`Done in ${seconds.toFixed(1)}s: ${parts.join(', ')}.\n`);
  if (result.failures.length > 0) {
    stderr.write(`Failures${result.failed > result.failures.length ? ` (first ${result.failures.length} of ${result.failed})` : ''}:\n`);
    for (const failure of result.failures) stderr.write(`  ${failure.sku}: ${messageOf(failure.error)}\n`);
  }
  if (result.stopped === 'too-many-failures') stderr.write('seed: stopped after too many failures; run it again to retry the rest\n');
  if (result.stopped === 'aborted') stderr.write('seed: interrupted; run it again to add the rest\n');
}

function describeStorageError(error: unknown, config: Config): string {
  if (!(error instanceof StorageUnavailableError)) return `failed: ${messageOf(error)}`;
  const hints: Record<string, string> = {
    unreachable: 'is S3_ENDPOINT right and the server running?',
    timeout: 'the server is slow or unreachable (S3_CONNECT_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS)',
    'no-such-bucket': `bucket "${config.S3_BUCKET}" does not exist; create it first`,
    'access-denied': 'check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY and the bucket policy',
    credentials: 'check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY',
  };
  const hint = hints[error.reason];
  return `storage failed (${error.reason}): ${error.message}${hint === undefined ? '' : `\n  hint: ${hint}`}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
