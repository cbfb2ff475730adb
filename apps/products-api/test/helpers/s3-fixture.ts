/**
 * One real s3rver per test file (over HTTP, in a temp folder), a client for it
 * and a request counter. No mocked S3 client anywhere.
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

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Client settings for tests: short timeouts, no retries unless asked. */
export function testClientSettings(endpoint: string, overrides: Partial<S3ClientSettings> = {}): S3ClientSettings {
  return {
    endpoint,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 1,
    ...overrides,
  };
}

/** A running server with a client and a request counter. */
export interface S3Fixture {
  readonly server: EmbeddedS3;
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

/** Starts s3rver in a fresh temp folder with `bucket`. */
export async function startS3Fixture(bucket = 'products-test', options: { atomic?: boolean } = {}): Promise<S3Fixture> {
  const directory = await mkdtemp(join(tmpdir(), 's3verless-storage-'));
  const server = await startEmbeddedS3({ directory: join(directory, 'data'), bucket, ...options });
  const clients: S3Client[] = [];
  const newClient = (overrides: Partial<S3ClientSettings> = {}): S3Client => {
    const client = createS3Client(testClientSettings(server.endpoint, overrides));
    clients.push(client);
    return client;
  };
  const client = newClient();
  const requests = countS3Requests(client);
  return {
    server,
    directory,
    bucket,
    client,
    requests,
    newClient,
    async putRaw(key, body, contentType = 'application/json') {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async getRaw(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { body: (await out.Body?.transformToString('utf-8')) ?? '', contentType: out.ContentType };
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
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
