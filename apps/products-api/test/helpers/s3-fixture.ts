/**
 * One real s3rver per test file (over HTTP, in a temp folder), a client for it
 * and a request counter. No mocked S3 client anywhere. Under
 * `npm run test:s3-real` the same fixture gives a fresh bucket on the real S3
 * of `S3_TEST_ENDPOINT` instead (see `real-s3.ts`), removed by `close`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Product } from '../../src/domain/product';
import { type EmbeddedS3, startEmbeddedS3 } from '../../src/s3/embedded-s3';
import { countS3Requests, createS3Client, type S3ClientSettings, type S3RequestCounter } from '../../src/s3/s3-client';
import { createLimiter } from '../../src/storage/limiter';
import { createBucket, type RealS3Settings, realS3Settings, removeBucket, runBucketName } from './real-s3';
import { testClientSettings } from './test-client-settings';

export { testClientSettings };

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** A running server with a client and a request counter. */
export interface S3Fixture {
  /** The embedded server, or (`npm run test:s3-real`) the real endpoint, whose `close` throws. */
  readonly server: EmbeddedS3;
  /** The embedded server's data folder; reading it throws on a real S3 (embedded-only test). */
  readonly directory: string;
  readonly bucket: string;
  readonly client: S3Client;
  readonly requests: S3RequestCounter;
  /** Another client on the same server (destroyed by `close`). */
  newClient(overrides?: Partial<S3ClientSettings>): S3Client;
  /** Writes a raw object (bypassing the repository). */
  putRaw(key: string, body: string, contentType?: string): Promise<void>;
  /** Reads a raw object as text, or `undefined` when missing. */
  getRaw(key: string): Promise<{ body: string; contentType: string | undefined } | undefined>;
  close(): Promise<void>;
}

/** A test that needs the embedded server's internals ran against a real S3. */
export class EmbeddedOnlyError extends Error {
  override readonly name = 'EmbeddedOnlyError';
}

/**
 * `test`, but skipped under `npm run test:s3-real`: for a test that reaches into the embedded server's files.
 * A function, so that importing this module outside jest (the benchmarks do) does not touch jest's globals.
 */
export function embeddedServerTest(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  (realS3Settings() === undefined ? test : test.skip)(name, fn, timeout);
}

/** The real endpoint dressed as a server that cannot be stopped. */
function realServer(real: RealS3Settings): EmbeddedS3 {
  return {
    endpoint: real.endpoint,
    port: Number(new URL(real.endpoint).port),
    credentials: real.credentials,
    close: () => Promise.reject(new EmbeddedOnlyError('a real S3 cannot be stopped by a test (embedded-only test)')),
  };
}

/**
 * Starts s3rver in a fresh temp folder with `bucket`; under `npm run test:s3-real`,
 * creates a fresh bucket named after the run and `bucket` on the real S3 instead.
 */
export async function startS3Fixture(bucket = 'products-test', options: { atomic?: boolean } = {}): Promise<S3Fixture> {
  const real = realS3Settings();
  let directory: string | undefined;
  let server: EmbeddedS3;
  let bucketName = bucket;
  if (real === undefined) {
    directory = await mkdtemp(join(tmpdir(), 's3verless-storage-'));
    server = await startEmbeddedS3({ directory: join(directory, 'data'), bucket, ...options });
  } else {
    if (options.atomic !== undefined) throw new EmbeddedOnlyError('startS3Fixture: `atomic` is an embedded-server option');
    server = realServer(real);
    bucketName = runBucketName(real.runId, bucket);
  }
  const clients: S3Client[] = [];
  const newClient = (overrides: Partial<S3ClientSettings> = {}): S3Client => {
    const client = createS3Client(testClientSettings(server.endpoint, { ...server.credentials, ...overrides }));
    clients.push(client);
    return client;
  };
  const client = newClient();
  if (real !== undefined) await createBucket(client, bucketName);
  const requests = countS3Requests(client);
  return {
    server,
    get directory(): string {
      if (directory === undefined) throw new EmbeddedOnlyError('a real S3 has no data folder (embedded-only test)');
      return directory;
    },
    bucket: bucketName,
    client,
    requests,
    newClient,
    async putRaw(key, body, contentType = 'application/json') {
      await client.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: body, ContentType: contentType }));
    },
    async getRaw(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
        return { body: (await out.Body?.transformToString('utf-8')) ?? '', contentType: out.ContentType };
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async close() {
      try {
        if (directory === undefined) await removeBucket(newClient({ maxAttempts: 3 }), bucketName);
      } finally {
        for (const c of clients) c.destroy();
        if (directory !== undefined) {
          await server.close();
          await rm(directory, { recursive: true, force: true });
        }
      }
    },
  };
}

let skuCounter = 0;

/** A valid product with a fresh id and a unique sku unless given. */
export function makeProduct(overrides: Partial<Product> = {}): Product {
  const now = new Date().toISOString();
  skuCounter += 1;
  return {
    id: randomUUID(),
    created_at: now,
    updated_at: now,
    name: `Product ${skuCounter}`,
    sku: `SKU-${process.pid}-${skuCounter}`,
    price: 9.99,
    category: 'tools',
    is_active: true,
    stock: 3,
    ...overrides,
  };
}

/** Runs `count` tasks with at most `concurrency` at once. */
export async function runBounded(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  const limit = createLimiter(concurrency);
  await Promise.all(Array.from({ length: count }, (_, index) => limit(() => task(index))));
}
