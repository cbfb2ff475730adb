import { Readable } from 'node:stream';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { countS3Requests, createS3Client, S3ClientSettingsError } from '../../src/s3/s3-client';
import { type S3Fixture, startS3Fixture, testClientSettings } from '../helpers/s3-fixture';

let s3: S3Fixture;

beforeAll(async () => {
  s3 = await startS3Fixture();
});

afterAll(async () => {
  await s3.close();
});

test('a stream body is stored as sent (no aws-chunked framing: checksums only when required)', async () => {
  const text = 'streamed body '.repeat(100);
  await s3.client.send(
    new PutObjectCommand({
      Bucket: s3.bucket,
      Key: 'stream.txt',
      Body: Readable.from([Buffer.from(text)]),
      ContentLength: Buffer.byteLength(text),
    }),
  );
  const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'stream.txt' }));
  expect(await out.Body?.transformToString()).toBe(text);
});

test('the request counter counts each request by command, resets and detaches', async () => {
  const client = s3.newClient();
  const counter = countS3Requests(client);
  await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
  await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'c.json', Body: '{}' }));
  await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'c.json' }))).Body?.transformToString();
  expect(counter.total).toBe(3);
  expect(counter.byCommand).toEqual({ HeadBucketCommand: 1, PutObjectCommand: 1, GetObjectCommand: 1 });
  expect(counter.count('GetObjectCommand')).toBe(1);
  expect(counter.count('DeleteObjectCommand')).toBe(0);
  counter.reset();
  expect(counter.total).toBe(0);
  counter.detach();
  counter.detach();
  await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
  expect(counter.total).toBe(0);
});

test('retries count as requests', async () => {
  const client = createS3Client(testClientSettings('http://127.0.0.1:1', { maxAttempts: 2 }));
  const counter = countS3Requests(client);
  await expect(client.send(new HeadBucketCommand({ Bucket: 'b' }))).rejects.toThrow();
  expect(counter.count('HeadBucketCommand')).toBe(2);
  client.destroy();
});

test('without credentials the SDK default provider chain is used (no static credentials configured)', () => {
  const client = createS3Client({ ...testClientSettings(s3.server.endpoint), accessKeyId: undefined, secretAccessKey: undefined });
  expect(client.config.forcePathStyle).toBe(true);
  client.destroy();
});

test.each([
  [{ region: '' }, /region/],
  [{ endpoint: 'not a url' }, /endpoint/],
  [{ endpoint: 'ftp://x' }, /http/],
  [{ accessKeyId: undefined }, /both/],
  [{ connectTimeoutMs: 0 }, /connectTimeoutMs/],
  [{ requestTimeoutMs: Number.NaN }, /requestTimeoutMs/],
  [{ maxAttempts: 0 }, /maxAttempts/],
  [{ forcePathStyle: 'yes' }, /forcePathStyle/],
])('settings %p are rejected', (overrides, message) => {
  const settings = { ...testClientSettings('http://127.0.0.1:1'), ...overrides };
  expect(() => createS3Client(settings as never)).toThrow(S3ClientSettingsError);
  expect(() => createS3Client(settings as never)).toThrow(message);
});
