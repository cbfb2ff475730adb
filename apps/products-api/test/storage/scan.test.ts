import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { LRUCache } from '@s3verless/cache';
import { encodeProduct } from '../../src/storage/product-codec';
import type { StorageLogger } from '../../src/storage/product-repository';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { embeddedServerTest, makeProduct, runBounded, type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

/** Collects warnings instead of printing them. */
function recordingLogger(): StorageLogger & { entries: Array<{ details: object; message: string }> } {
  const entries: Array<{ details: object; message: string }> = [];
  return { entries, warn: (details, message) => entries.push({ details, message }) };
}

let s3: S3Fixture;

beforeAll(async () => {
  s3 = await startS3Fixture();
});

afterAll(async () => {
  await s3.close();
});

describe('scan past one listing page (1,050 objects)', () => {
  const basePath = 'big/';
  const count = 1050;
  let repo: S3ProductRepository;

  beforeAll(async () => {
    // Written directly with PutObject, bounded, to keep setup short.
    await runBounded(count, 32, async () => {
      const product = makeProduct();
      await s3.putRaw(`${basePath}products/${product.id}.json`, encodeProduct(product));
    });
    repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, concurrency: 16 });
  });

  test('returns every product, paging with continuation tokens (needs the DES shim)', async () => {
    s3.requests.reset();
    const products = await repo.scan();
    expect(products).toHaveLength(count);
    expect(new Set(products.map((p) => p.id)).size).toBe(count);
    expect(s3.requests.count('ListObjectsV2Command')).toBe(2);
    expect(s3.requests.count('GetObjectCommand')).toBe(count);
  });

  test('a second scan with nothing changed issues LIST calls only', async () => {
    await repo.scan();
    s3.requests.reset();
    const products = await repo.scan();
    expect(products).toHaveLength(count);
    expect(s3.requests.byCommand).toEqual({ ListObjectsV2Command: 2 });
  });
});

describe('scan with the object cache', () => {
  const basePath = 'small/';
  let repo: S3ProductRepository;
  const products = Array.from({ length: 5 }, () => makeProduct());

  beforeAll(async () => {
    repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath });
    for (const p of products) await s3.putRaw(`${basePath}products/${p.id}.json`, encodeProduct(p));
    await repo.scan();
  });

  test('0 GETs on a re-scan when nothing changed', async () => {
    s3.requests.reset();
    expect(await repo.scan()).toHaveLength(products.length);
    expect(s3.requests.count('GetObjectCommand')).toBe(0);
    expect(s3.requests.count('ListObjectsV2Command')).toBe(1);
  });

  test('exactly 1 GET after another writer changed one object, and the new version is returned', async () => {
    const changed = { ...products[0], name: 'Changed elsewhere' };
    await s3.putRaw(`${basePath}products/${changed.id}.json`, encodeProduct(changed));
    s3.requests.reset();
    const scanned = await repo.scan();
    expect(s3.requests.count('GetObjectCommand')).toBe(1);
    expect(scanned.find((p) => p.id === changed.id)).toEqual(changed);
    s3.requests.reset();
    await repo.scan();
    expect(s3.requests.count('GetObjectCommand')).toBe(0);
  });

  test("the repository's own writes prime the cache: 0 GETs after create and replace", async () => {
    const created = makeProduct();
    await repo.create(created);
    const replaced = { ...products[1], price: 42 };
    await repo.replace(products[1], replaced);
    s3.requests.reset();
    const scanned = await repo.scan();
    expect(s3.requests.count('GetObjectCommand')).toBe(0);
    expect(scanned.find((p) => p.id === created.id)).toEqual(created);
    expect(scanned.find((p) => p.id === replaced.id)).toEqual(replaced);
  });

  test('a deleted object disappears from the next scan', async () => {
    const victim = products[2];
    await repo.delete(victim);
    const scanned = await repo.scan();
    expect(scanned.map((p) => p.id)).not.toContain(victim.id);
  });

  test('a shared object cache serves another repository instance', async () => {
    const shared = new LRUCache({ maxSize: 100, defaultTtl: null });
    const first = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, objectCache: shared });
    const second = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, objectCache: shared });
    const all = await first.scan();
    s3.requests.reset();
    expect(await second.scan()).toHaveLength(all.length);
    expect(s3.requests.count('GetObjectCommand')).toBe(0);
    await shared.close();
  });

  test('objectCache: null downloads every object on every scan', async () => {
    const uncached = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, objectCache: null });
    const first = await uncached.scan();
    s3.requests.reset();
    await uncached.scan();
    expect(s3.requests.count('GetObjectCommand')).toBe(first.length);
  });
});

describe('scan skips what is not a product', () => {
  const basePath = 'dirty/';
  const logger = recordingLogger();
  let repo: S3ProductRepository;
  const good = makeProduct();
  const mismatched = makeProduct();
  const badJsonId = makeProduct().id;
  const invalidId = makeProduct().id;

  beforeAll(async () => {
    repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, logger });
    const prefix = `${basePath}products/`;
    await s3.putRaw(`${prefix}${good.id}.json`, encodeProduct(good));
    await s3.putRaw(`${prefix}${badJsonId}.json`, '{"id": "not closed');
    await s3.putRaw(`${prefix}${invalidId}.json`, JSON.stringify({ ...makeProduct({ id: invalidId }), price: 'free' }));
    await s3.putRaw(`${prefix}${makeProduct().id}.json`, encodeProduct(mismatched)); // id differs from its key
    await s3.putRaw(`${prefix}README.txt`, 'hello', 'text/plain');
    await s3.putRaw(`${prefix}nested/${makeProduct().id}.json`, encodeProduct(makeProduct()));
  });

  test('only the valid product is returned; each skipped object is logged once', async () => {
    s3.requests.reset();
    const scanned = await repo.scan();
    expect(scanned).toEqual([good]);
    // the foreign keys are never downloaded
    expect(s3.requests.count('GetObjectCommand')).toBe(4);
    const problems = logger.entries.map((e) => (e.details as { problem: string }).problem);
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id .* does not match its key$/),
        'not JSON',
        'not a {uuid}.json product key',
        expect.stringMatching(/^schema: price/),
      ]),
    );
    expect(problems.filter((p) => p === 'not a {uuid}.json product key')).toHaveLength(2);
  });

  test('a re-scan neither re-downloads nor re-logs the unchanged corrupt objects', async () => {
    const before = logger.entries.length;
    s3.requests.reset();
    expect(await repo.scan()).toEqual([good]);
    expect(s3.requests.count('GetObjectCommand')).toBe(0);
    expect(logger.entries.length).toBe(before);
  });

  test('get of a corrupt object is undefined', async () => {
    expect(await repo.get(badJsonId)).toBeUndefined();
    expect(await repo.get(invalidId)).toBeUndefined();
  });
});

describe('a torn read does not hide a product for good', () => {
  const basePath = 'torn/';

  // Recreates the torn state in s3rver's files: embedded server only.
  embeddedServerTest('a body read torn under its own ETag is skipped once, and listed by the next scan (same ETag)', async () => {
    const logger = recordingLogger();
    const repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath, logger });
    const product = makeProduct();
    const key = `${basePath}products/${product.id}.json`;
    const text = encodeProduct(product);
    await s3.putRaw(key, text);
    const etagOf = async () => (await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).ETag;
    const etag = await etagOf();
    // The state s3rver 3.7.1 served while a PUT was being written: the full body's ETag (its MD5
    // file is written) beside half of the body. Recreated in the embedded server's files.
    const bodyFile = join(s3.directory, 'data', s3.bucket, `${key}._S3rver_object`);
    await writeFile(bodyFile, text.slice(0, text.length >> 1));
    expect(await etagOf()).toBe(etag);
    expect(await repo.scan()).toEqual([]);
    expect(logger.entries.map((e) => (e.details as { problem: string }).problem)).toEqual(['not JSON']);

    await writeFile(bodyFile, text); // the write completes: same bytes, same ETag
    expect(await etagOf()).toBe(etag);
    expect(await repo.scan()).toEqual([product]);
  });
});
