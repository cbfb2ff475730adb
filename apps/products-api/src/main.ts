/**
 * `npm start`: the products API. Without `S3_ENDPOINT` it starts an embedded
 * S3-compatible server with its data under `EMBEDDED_S3_DIR`. A `.env` file in
 * the current directory is read first (variables already in the environment win).
 */
import { ConfigError, loadConfig } from './config/config';
import { loadEnvFile } from './config/env-file';
import { ListenError } from './http/listen';
import { createLogger } from './observability/logger';
import { startRuntime } from './runtime';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  let config;
  let envFile;
  try {
    envFile = loadEnvFile('.env');
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError) && (error as NodeJS.ErrnoException).syscall === undefined) throw error;
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config);
  // Names only: values may be secrets.
  if (envFile.path !== undefined) logger.info({ file: envFile.path, variables: envFile.applied }, `read ${envFile.applied.length} variable(s) from ${envFile.path}`);
  let runtime;
  try {
    runtime = await startRuntime(config, logger);
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    // One line, no stack: a busy port or a wrong HOST is an operator's problem, not a bug.
    process.stderr.write(`products-api failed to start: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  logger.info(
    { url: runtime.url, s3: runtime.s3Endpoint, bucket: config.S3_BUCKET, redis: redactUrl(config.REDIS_URL) ?? 'off (in-process caches only)' },
    `products-api listening on ${runtime.url}`,
  );
  if (runtime.embedded) {
    logger.info(
      { dataDir: config.EMBEDDED_S3_DIR },
      `S3: embedded server at ${runtime.s3Endpoint} (data in ${config.EMBEDDED_S3_DIR}). ` +
        'To use MinIO instead: docker compose up -d minio, then set S3_ENDPOINT=http://localhost:9000 ' +
        'S3_ACCESS_KEY_ID=minioadmin S3_SECRET_ACCESS_KEY=minioadmin S3_BUCKET=s3verless',
    );
  }
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`products-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

/** A URL without its password (Redis URLs may carry one). */
function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
