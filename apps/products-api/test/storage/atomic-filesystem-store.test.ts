/**
 * The embedded server's atomic store keeps what s3rver did beyond the races
 * (copies, ranges, data folders written before it) and leaves nothing behind
 * when an upload fails.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type KeyFiles, stageVersion } from '../../src/s3/staged-version';
import { unquoteEtag } from '../../src/storage/s3-object-store';
import { type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let s3: S3Fixture;

beforeAll(async () => {
  s3 = await startS3Fixture('store-behaviour');
});

afterAll(async () => {
  await s3.close();
});

async function put(key: string, body: string, extra: Partial<{ ContentType: string; Metadata: Record<string, string> }> = {}) {
  await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, ...extra }));
}

test('CopyObject copies one whole version; with REPLACE it takes the new metadata', async () => {
  await put('copy/src.txt', 'hello world', { ContentType: 'text/plain', Metadata: { a: '1' } });
  const copied = await s3.client.send(
    new CopyObjectCommand({ Bucket: s3.bucket, Key: 'copy/dst.txt', CopySource: `${s3.bucket}/copy/src.txt` }),
  );
  expect(unquoteEtag(copied.CopyObjectResult?.ETag)).toBe(md5('hello world'));
  const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'copy/dst.txt' }));
  expect(await out.Body?.transformToString()).toBe('hello world');
  expect([unquoteEtag(out.ETag), out.ContentType, out.Metadata]).toEqual([md5('hello world'), 'text/plain', { a: '1' }]);

  await s3.client.send(
    new CopyObjectCommand({
      Bucket: s3.bucket,
      Key: 'copy/src.txt',
      CopySource: `${s3.bucket}/copy/src.txt`,
      MetadataDirective: 'REPLACE',
      ContentType: 'application/json',
      Metadata: { b: '2' },
    }),
  );
  const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'copy/src.txt' }));
  expect([unquoteEtag(head.ETag), head.ContentType, head.Metadata, head.ContentLength]).toEqual([
    md5('hello world'),
    'application/json',
    { b: '2' },
    11,
  ]);
});

test('a range GET answers the slice', async () => {
  await put('range.txt', 'hello world');
  const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'range.txt', Range: 'bytes=6-10' }));
  expect(await out.Body?.transformToString()).toBe('world');
  expect(out.ContentRange).toBe('bytes 6-10/11');
});

test('an object stored without its MD5 file (older data) reads with ETag = MD5 of its body, and the file is restored', async () => {
  await put('legacy.txt', 'from an older data folder');
  const md5File = join(s3.directory, 'data', s3.bucket, 'legacy.txt._S3rver_object.md5');
  await unlink(md5File);
  const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'legacy.txt' }));
  expect(unquoteEtag(head.ETag)).toBe(md5('from an older data folder'));
  expect(await readFile(md5File, 'utf8')).toBe(md5('from an older data folder'));
});

test('a failed upload leaves the current version untouched and no temporary file', async () => {
  const folder = await mkdtemp(join(tmpdir(), 's3verless-stage-'));
  try {
    const base = join(folder, 'bucket', 'key');
    const files: KeyFiles = { object: `${base}._S3rver_object`, md5: `${base}._S3rver_object.md5`, metadata: `${base}._S3rver_metadata.json` };
    await mkdir(join(folder, 'bucket'));
    await writeFile(files.object, 'current');
    await writeFile(files.md5, md5('current'));
    await writeFile(files.metadata, '{}');
    const cutOff = Readable.from(
      (async function* body() {
        yield Buffer.alloc(64 * 1024, 1);
        throw new Error('client went away');
      })(),
    );
    await expect(stageVersion(files, cutOff, { 'content-type': 'text/plain' })).rejects.toThrow('client went away');
    expect(await readdir(join(folder, 'bucket'))).toEqual(['key._S3rver_metadata.json', 'key._S3rver_object', 'key._S3rver_object.md5']);
    expect(await readFile(files.object, 'utf8')).toBe('current');

    // The same staging, complete, then published: the three files change together.
    const staged = await stageVersion(files, Buffer.from('next'), { 'content-type': 'text/plain' });
    expect(await readFile(files.object, 'utf8')).toBe('current'); // not visible before publish
    await staged.publish();
    expect(await readFile(files.object, 'utf8')).toBe('next');
    expect(await readFile(files.md5, 'utf8')).toBe(md5('next'));
    expect(JSON.parse(await readFile(files.metadata, 'utf8'))).toEqual({ 'content-type': 'text/plain' });
    expect((await readdir(join(folder, 'bucket'))).length).toBe(3);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
