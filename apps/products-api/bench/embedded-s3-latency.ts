/**
 * Latency of the embedded S3 server itself: sequential PutObject and GetObject
 * of one small JSON object (a product-sized body) over loopback with the app's
 * S3 client, then ListObjectsV2 of a full 1,000-key page; median and p99 per
 * operation. Used to price the per-key atomicity of the embedded server
 * (temporary files flushed to the device, renames, a per-key lock).
 *
 *   TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register/transpile-only apps/products-api/bench/embedded-s3-latency.ts
 *
 * Environment: `BENCH_S3_OPS` (PUTs and GETs, default 500), `BENCH_S3_BODY_BYTES` (default 400),
 * `BENCH_S3_LISTS` (listings of 1,000 keys, default 20).
 */
import '../../../bench/source-paths';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createLimiter } from '../src/storage/limiter';
import { median } from '../../../packages/cache/bench/harness';
import { createS3Client, EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from '../src/s3';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const ops = Number(process.env.BENCH_S3_OPS ?? 500);
  const bytes = Number(process.env.BENCH_S3_BODY_BYTES ?? 400);
  const lists = Number(process.env.BENCH_S3_LISTS ?? 20);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const directory = await mkdtemp(path.join(tmpdir(), 's3verless-latency-'));
  const bucket = 'latency';
  const server = await startEmbeddedS3({ directory, bucket });
  const client = createS3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    ...EMBEDDED_S3_CREDENTIALS,
    forcePathStyle: true,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 1,
  });
  const key = 's3verless-data/products/00000000-0000-4000-8000-000000000000.json';
  const body = (i: number): string => JSON.stringify({ i, pad: 'x'.repeat(Math.max(0, bytes - 20)) });
  try {
    for (let i = 0; i < 50; i += 1) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(i) })); // warm-up
    const puts: number[] = [];
    const gets: number[] = [];
    for (let i = 0; i < ops; i += 1) {
      puts.push(await timed(() => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(i) }))));
      gets.push(
        await timed(async () => {
          const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          await out.Body?.transformToString();
        }),
      );
    }
    const limit = createLimiter(16);
    const prefix = 's3verless-data/list/';
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        limit(() => client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${String(i).padStart(4, '0')}.json`, Body: body(i) }))),
      ),
    );
    const listings: number[] = [];
    for (let i = 0; i < lists; i += 1) {
      listings.push(await timed(() => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))));
    }
    const rows = [
      ['PutObject', puts, `${ops} sequential ops, ${bytes} B`],
      ['GetObject', gets, `${ops} sequential ops, ${bytes} B`],
      ['ListObjectsV2', listings, `${lists} sequential listings of 1,000 keys`],
    ] as const;
    for (const [name, values, what] of rows) {
      console.log(`${name}: median ${median(values).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms (${what})`);
    }
  } finally {
    client.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
