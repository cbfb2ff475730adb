/**
 * The pieces of the cross-process tests on a real S3 (`npm run test:s3-real`,
 * endpoint and keys in `S3_TEST_ENDPOINT`, `S3_TEST_ACCESS_KEY_ID`,
 * `S3_TEST_SECRET_ACCESS_KEY`): a fresh bucket of the run (the S3 fixture),
 * real API processes on it (`node apps/products-api/dist/main.js`, started by
 * the coherence check's {@link startApiInstance}), and the products and SKU
 * markers S3 holds. Outside `npm run test:s3-real` {@link startRealS3Run}
 * throws, so these suites fail rather than pass on the embedded server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type ApiInstance, startApiInstance } from '../../check/coherence/processes/api-instance';
import type { Product } from '../../src/domain/product';
import { S3ProductRepository } from '../../src/storage';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { StorageLayout } from '../../src/storage/storage-layout';
import { type RealS3Settings, requireRealS3 } from '../helpers/real-s3';
import { startS3Fixture } from '../helpers/s3-fixture';

const API_MAIN = path.resolve(__dirname, '../../dist/main.js');

/**
 * Fails unless the API is built (`npm run test:s3-real` builds first; building
 * here would race between jest workers writing the same `dist`).
 */
export function requireBuiltApi(): void {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build (npm run test:s3-real does)`);
}

/** A bucket of its own on the real S3, API processes on it, and direct access to what S3 holds. */
export interface RealS3Run {
  readonly real: RealS3Settings;
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

/** Creates a fresh bucket of the run named after `label` on the real S3. @throws RealS3SettingsError outside `npm run test:s3-real`. */
export async function startRealS3Run(label: string): Promise<RealS3Run> {
  const real = requireRealS3();
  const fixture = await startS3Fixture(label);
  const { bucket } = fixture;
  const client = fixture.newClient({ maxAttempts: 3 });
  const logDir = mkdtempSync(path.join(tmpdir(), 's3v-real-'));
  const apis: ApiInstance[] = [];
  const layout = new StorageLayout();
  const repository = new S3ProductRepository({ client, bucket, objectCache: null });
  const store = new S3ObjectStore(client, bucket);
  return {
    real,
    bucket,
    client,
    layout,
    async startApi(name, extraEnv = {}) {
      const api = await startApiInstance({
        name,
        s3Endpoint: real.endpoint,
        bucket,
        credentials: real.credentials,
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
      await fixture.close();
      if (!process.env.S3_TEST_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
      else process.stderr.write(`real-S3 run logs kept in ${logDir}\n`);
    },
  };
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
