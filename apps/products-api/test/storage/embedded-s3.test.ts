import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { EmbeddedS3OptionError, startEmbeddedS3 } from '../../src/s3/embedded-s3';
import { createS3Client } from '../../src/s3/s3-client';
import { testClientSettings } from '../helpers/s3-fixture';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 's3verless-embedded-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('creates the directory and the bucket, paginates listings, keeps data across restarts', async () => {
  const directory = join(root, 'nested', 'data');
  const first = await startEmbeddedS3({ directory, bucket: 'my-bucket' });
  expect(existsSync(directory)).toBe(true);
  expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const client = createS3Client(testClientSettings(first.endpoint));
  try {
    await client.send(new HeadBucketCommand({ Bucket: 'my-bucket' }));
    for (let i = 0; i < 5; i += 1) {
      await client.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: `k/${i}`, Body: `v${i}` }));
    }
    // MaxKeys 2: truncated pages with continuation tokens (single DES inside s3rver)
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: 'my-bucket', Prefix: 'k/', MaxKeys: 2, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    expect(keys).toEqual(['k/0', 'k/1', 'k/2', 'k/3', 'k/4']);
  } finally {
    client.destroy();
    await first.close();
    await first.close(); // idempotent
  }

  const second = await startEmbeddedS3({ directory, bucket: 'my-bucket' });
  const client2 = createS3Client(testClientSettings(second.endpoint));
  try {
    const listing = await client2.send(new ListObjectsV2Command({ Bucket: 'my-bucket' }));
    expect(listing.KeyCount).toBe(5);
  } finally {
    client2.destroy();
    await second.close();
  }
});

test('close() returns while a client still holds keep-alive sockets', async () => {
  const server = await startEmbeddedS3({ directory: join(root, 'keepalive'), bucket: 'b-keepalive' });
  const client = createS3Client(testClientSettings(server.endpoint));
  await client.send(new HeadBucketCommand({ Bucket: 'b-keepalive' }));
  await server.close(); // the client is not destroyed yet: its idle socket must not hold the server open
  client.destroy();
});

test.each([
  [{ directory: '', bucket: 'abc' }, /directory/],
  [{ directory: 'x', bucket: 'AB' }, /bucket/],
  [{ directory: 'x', bucket: 'Upper-Case' }, /bucket/],
  [{ directory: 'x', bucket: 'abc', port: -1 }, /port/],
  [{ directory: 'x', bucket: 'abc', port: 1.5 }, /port/],
  [{ directory: 'x', bucket: 'abc', host: '' }, /host/],
  [{ directory: 'x', bucket: 'abc', atomic: 'yes' as unknown as boolean }, /atomic/],
])('options %p are rejected', async (options, message) => {
  await expect(startEmbeddedS3(options)).rejects.toThrow(EmbeddedS3OptionError);
  await expect(startEmbeddedS3(options)).rejects.toThrow(message);
});
