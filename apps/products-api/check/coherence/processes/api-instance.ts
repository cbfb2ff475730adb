/**
 * One products-API instance of a run: `node apps/products-api/dist/main.js`
 * (what `npm start` runs). Also used by the cross-process tests on a real S3
 * (`test/s3-real/`).
 */
import path from 'node:path';
import { freePort } from '@s3verless/cache/testing';
import { EMBEDDED_S3_CREDENTIALS } from '../../../src/s3';
import { spawnChild, type Child } from './children';

/** Where an instance gets its data. */
export interface ApiInstanceOptions {
  readonly name: string;
  readonly s3Endpoint: string;
  readonly bucket: string;
  readonly redisUrl?: string;
  readonly redisLock: boolean;
  readonly logFile: string;
  /** S3 keys; default: the embedded server's ({@link EMBEDDED_S3_CREDENTIALS}). */
  readonly credentials?: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
  /** More environment variables of the instance (e.g. `SKU_MARKER_TAKEOVER_MS`), applied last. */
  readonly env?: Readonly<Record<string, string>>;
  /** Milliseconds to wait for `/readyz` (default 20000). */
  readonly readyTimeoutMs?: number;
}

/** A running instance. */
export interface ApiInstance {
  readonly name: string;
  readonly url: string;
  readonly child: Child;
}

const MAIN = path.resolve(__dirname, '../../../dist/main.js');

/** Starts an instance on a free port and waits until `/readyz` answers 200. */
export async function startApiInstance(options: ApiInstanceOptions): Promise<ApiInstance> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    S3_ENDPOINT: options.s3Endpoint,
    S3_BUCKET: options.bucket,
    S3_ACCESS_KEY_ID: (options.credentials ?? EMBEDDED_S3_CREDENTIALS).accessKeyId,
    S3_SECRET_ACCESS_KEY: (options.credentials ?? EMBEDDED_S3_CREDENTIALS).secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    REDIS_LOCK: String(options.redisLock),
    REDIS_KEY_PREFIX: `s3v-coherence:${process.pid}:`,
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.REDIS_URL;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  delete env.TS_NODE_PROJECT;
  Object.assign(env, options.env);
  const child = spawnChild(`api ${options.name}`, process.execPath, [MAIN], options.logFile, { env });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`api ${options.name} exited at start; log:\n${child.tail()}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`api ${options.name} not ready at ${url}/readyz; log:\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name: options.name, url, child };
}
