/**
 * The pieces of the cross-process tests on a real S3 (`npm run test:s3-real`):
 * the endpoint from `S3_TEST_ENDPOINT`, `S3_TEST_ACCESS_KEY_ID`,
 * `S3_TEST_SECRET_ACCESS_KEY`; a fresh bucket per run; real API processes
 * (`node apps/products-api/dist/main.js`, started by the coherence check's
 * {@link startApiInstance}) on it; and the products and SKU markers S3 holds.
 *
 * Without `S3_TEST_ENDPOINT` the suites skip, except under `CI=true`, where
 * they fail: CI must never pass without having run them.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type ApiInstance, startApiInstance } from '../../check/coherence/processes/api-instance';
import type { Product } from '../../src/domain/product';
import { createS3Client } from '../../src/s3';
import { S3ProductRepository } from '../../src/storage';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { StorageLayout } from '../../src/storage/storage-layout';
import { testClientSettings } from '../helpers/s3-fixture';

/** Where the real S3 is. */
export interface RealS3Env {
  readonly endpoint: string;
  readonly credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
}

/** The real S3 named by the environment, or `undefined`. */
export function realS3Env(env: NodeJS.ProcessEnv = process.env): RealS3Env | undefined {
  const { S3_TEST_ENDPOINT: endpoint, S3_TEST_ACCESS_KEY_ID: accessKeyId, S3_TEST_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!endpoint) return undefined;
  if (!accessKeyId || !secretAccessKey) throw new Error('S3_TEST_ENDPOINT is set: set S3_TEST_ACCESS_KEY_ID and S3_TEST_SECRET_ACCESS_KEY too');
  return { endpoint, credentials: { accessKeyId, secretAccessKey } };
}

/**
 * `describe` when a real S3 is configured or under CI (where a missing
 * endpoint fails {@link requireRealS3}), `describe.skip` otherwise.
 */
export const describeRealS3: jest.Describe = realS3Env() !== undefined || process.env.CI === 'true' ? describe : describe.skip;

/** The real S3; throws (the suite fails) when none is configured. */
export function requireRealS3(): RealS3Env {
  const env = realS3Env();
  if (env === undefined) throw new Error('S3_TEST_ENDPOINT (+ S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY) is required for the real-S3 tests (CI=true)');
  return env;
}

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Builds the workspace (`tsc -b`, incremental) so that the API processes run the current sources. */
export function buildApi(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** A bucket of its own on the real S3, API processes on it, and direct access to what S3 holds. */
export interface RealS3Run {
  readonly env: RealS3Env;
  readonly bucket: string;
  readonly client: S3Client;
  readonly layout: StorageLayout;
  /** Starts an API process on the bucket (stopped by `close`). */
  startApi(name: string, extraEnv?: Readonly<Record<string, string>>): Promise<ApiInstance>;
  /** Every product object S3 holds (read with a fresh repository: no cache). */
  products(): Promise<Product[]>;
  /** The holder id of every SKU marker, by SKU. */
  markers(): Promise<Map<string, string>>;
  /** Stops the API processes, empties and deletes the bucket, removes the logs (kept when `S3_TEST_KEEP_LOGS` is set). */
  close(): Promise<void>;
}

/** Creates a fresh bucket named after `label` on the real S3. */
export async function startRealS3Run(label: string): Promise<RealS3Run> {
  const env = requireRealS3();
  const client = createS3Client(testClientSettings(env.endpoint, { ...env.credentials, maxAttempts: 3 }));
  const bucket = `s3v-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.slice(0, 63);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const logDir = mkdtempSync(path.join(tmpdir(), 's3v-real-'));
  const apis: ApiInstance[] = [];
  const layout = new StorageLayout();
  const repository = new S3ProductRepository({ client, bucket, objectCache: null });
  const store = new S3ObjectStore(client, bucket);
  return {
    env,
    bucket,
    client,
    layout,
    async startApi(name, extraEnv = {}) {
      const api = await startApiInstance({
        name,
        s3Endpoint: env.endpoint,
        bucket,
        credentials: env.credentials,
        redisLock: false,
        logFile: path.join(logDir, `api-${name}.log`),
        env: { LOG_LEVEL: 'warn', ...extraEnv },
      });
      apis.push(api);
      return api;
    },
    products: () => repository.scan(),
    async markers() {
      const holders = new Map<string, string>();
      const prefix = layout.skuMarkerKey('X').slice(0, -'X.json'.length);
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        await Promise.all(
          (page.Contents ?? []).map(async ({ Key }) => {
            if (Key === undefined) return;
            const marker = await store.getText(Key, 4096);
            if (marker === undefined || marker === 'too-large') return;
            holders.set(Key.slice(prefix.length, -'.json'.length), (JSON.parse(marker.body) as { id: string }).id);
          }),
        );
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return holders;
    },
    async close() {
      await Promise.all(apis.map((api) => api.child.stop()));
      await emptyAndDelete(client, bucket).catch(() => undefined);
      client.destroy();
      if (!process.env.S3_TEST_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
      else process.stderr.write(`real-S3 run logs kept in ${logDir}\n`);
    },
  };
}

async function emptyAndDelete(client: S3Client, bucket: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [{ Key: object.Key }]));
    if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** An API answer: the status and the parsed JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** A JSON request to an API process. */
export async function call(api: ApiInstance, method: string, urlPath: string, body?: unknown): Promise<ApiAnswer> {
  const response = await fetch(`${api.url}${urlPath}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
