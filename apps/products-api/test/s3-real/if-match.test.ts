/**
 * `S3ObjectStore.putText` with `ifMatch` on a real S3: the same cases as
 * `test/storage/if-match-portability.test.ts` (embedded server behind a
 * proxy), on the real thing. On Ceph RGW 16.2 the store ends up sending the
 * bare ETag; on AWS S3 and MinIO it keeps the quoted one.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { type RealS3Run, startRealS3Run } from './real-s3-cluster';

let run: RealS3Run;

async function putRaw(key: string, body: string): Promise<string> {
  const out = await run.client.send(new PutObjectCommand({ Bucket: run.bucket, Key: key, Body: body, ContentType: 'application/json' }));
  return String(out.ETag).replace(/"/g, '');
}

async function getRaw(key: string): Promise<string | undefined> {
  try {
    return await (await run.client.send(new GetObjectCommand({ Bucket: run.bucket, Key: key }))).Body?.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

describe('If-Match on a real S3 (S3ObjectStore.putText)', () => {
  beforeAll(async () => {
    run = await startRealS3Run('ifmatch');
  }, 60_000);

  afterAll(async () => {
    await run?.close();
  }, 60_000);

  test('the current ETag replaces the object, then again with the form that worked', async () => {
    const store = new S3ObjectStore(run.client, run.bucket);
    const key = `current-${randomUUID()}.json`;
    const etag = await putRaw(key, '{"v":1}');
    const first = await store.putText(key, '{"v":2}', { ifMatch: etag });
    expect(first).toMatchObject({ written: true });
    expect(await getRaw(key)).toBe('{"v":2}');
    process.stdout.write(`If-Match form kept for this S3: ${store.preferredIfMatchForm}\n`);
    const second = await store.putText(key, '{"v":3}', { ifMatch: first.written ? String(first.etag) : '' });
    expect(second).toMatchObject({ written: true });
    expect(await getRaw(key)).toBe('{"v":3}');
  });

  test('an ETag that is no longer current: condition-failed, the other write stays', async () => {
    const store = new S3ObjectStore(run.client, run.bucket);
    const key = `stale-${randomUUID()}.json`;
    const stale = await putRaw(key, '{"v":1}');
    await putRaw(key, '{"v":"other"}');
    await expect(store.putText(key, '{"v":2}', { ifMatch: stale })).resolves.toEqual({ written: false, reason: 'condition-failed' });
    expect(await getRaw(key)).toBe('{"v":"other"}');
  });

  test('a missing object: condition-failed, nothing created', async () => {
    const store = new S3ObjectStore(run.client, run.bucket);
    const key = `missing-${randomUUID()}.json`;
    await expect(store.putText(key, '{"v":2}', { ifMatch: 'd41d8cd98f00b204e9800998ecf8427e' })).resolves.toEqual({
      written: false,
      reason: 'condition-failed',
    });
    expect(await getRaw(key)).toBeUndefined();
  });

  test('8 stores replacing one version at once: exactly one is written', async () => {
    const key = `race-${randomUUID()}.json`;
    for (let round = 0; round < 5; round += 1) {
      const etag = await putRaw(key, `{"round":${round}}`);
      const stores = Array.from({ length: 8 }, () => new S3ObjectStore(run.client, run.bucket));
      const outcomes = await Promise.all(stores.map((store, i) => store.putText(key, `{"round":${round},"writer":${i}}`, { ifMatch: etag })));
      const written = outcomes.flatMap((outcome, i) => (outcome.written ? [i] : []));
      expect({ round, written: written.length }).toEqual({ round, written: 1 });
      expect(await getRaw(key)).toBe(`{"round":${round},"writer":${written[0]}}`);
    }
  });
});
