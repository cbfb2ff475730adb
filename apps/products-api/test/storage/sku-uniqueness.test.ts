import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DuplicateSkuError } from '../../src/storage/errors';
import type { StorageLogger } from '../../src/storage/product-repository';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { makeProduct, type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

let s3: S3Fixture;
let repo: S3ProductRepository;
const markerKey = (sku: string): string => `s3verless-data/indexes/products/sku/${sku}.json`;

beforeAll(async () => {
  s3 = await startS3Fixture();
  repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket });
});

afterAll(async () => {
  await s3.close();
});

describe('sku uniqueness under concurrency (s3rver does not enforce conditional writes)', () => {
  test.each([2, 10])('%i concurrent creates with one sku: exactly one wins', async (n) => {
    const sku = `CONC-${n}-${randomUUID().slice(0, 8)}`;
    const candidates = Array.from({ length: n }, () => makeProduct({ sku }));
    const outcomes = await Promise.allSettled(candidates.map((p) => repo.create(p)));
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [candidates[i]] : []));
    const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(n - 1);
    for (const error of losers) {
      expect(error).toBeInstanceOf(DuplicateSkuError);
      expect((error as DuplicateSkuError).sku).toBe(sku);
      expect((error as DuplicateSkuError).status).toBe(409);
    }
    const stored = (await repo.scan()).filter((p) => p.sku === sku);
    expect(stored.map((p) => p.id)).toEqual([winners[0].id]);
    expect(JSON.parse((await s3.getRaw(markerKey(sku)))?.body ?? '')).toEqual({ id: winners[0].id });
  });

  test('two repositories of one process on one bucket share the guard', async () => {
    const other = new S3ProductRepository({ client: s3.newClient(), bucket: s3.bucket });
    const sku = `TWO-REPOS-${randomUUID().slice(0, 8)}`;
    const outcomes = await Promise.allSettled([repo.create(makeProduct({ sku })), other.create(makeProduct({ sku }))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  test('a sequential create with a taken sku is a DuplicateSkuError', async () => {
    const first = makeProduct();
    await repo.create(first);
    await expect(repo.create(makeProduct({ sku: first.sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
  });
});

describe('replace and delete keep the index right', () => {
  test('replace keeping its own sku does not conflict with itself', async () => {
    const product = makeProduct();
    await repo.create(product);
    const next = { ...product, name: 'Same sku, new name' };
    await expect(repo.replace(product, next)).resolves.toBeUndefined();
    await expect(repo.replace(next, { ...next, stock: 99 })).resolves.toBeUndefined();
    expect((await repo.get(product.id))?.stock).toBe(99);
  });

  test('replace to a sku held by another product is a DuplicateSkuError and changes nothing', async () => {
    const a = makeProduct();
    const b = makeProduct();
    await repo.create(a);
    await repo.create(b);
    await expect(repo.replace(b, { ...b, sku: a.sku })).rejects.toBeInstanceOf(DuplicateSkuError);
    expect(await repo.get(b.id)).toEqual(b);
    expect(JSON.parse((await s3.getRaw(markerKey(b.sku)))?.body ?? '')).toEqual({ id: b.id });
  });

  test('a sku change reserves the new sku and frees the old one', async () => {
    const product = makeProduct();
    await repo.create(product);
    const renamed = { ...product, sku: `${product.sku}-NEW` };
    await repo.replace(product, renamed);
    expect(await s3.getRaw(markerKey(product.sku))).toBeUndefined();
    expect(JSON.parse((await s3.getRaw(markerKey(renamed.sku)))?.body ?? '')).toEqual({ id: product.id });
    await expect(repo.create(makeProduct({ sku: product.sku }))).resolves.toBeUndefined();
    await expect(repo.create(makeProduct({ sku: renamed.sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
  });

  test('delete frees the sku', async () => {
    const product = makeProduct();
    await repo.create(product);
    expect(await repo.delete(product)).toBe(true);
    expect(await s3.getRaw(markerKey(product.sku))).toBeUndefined();
    await expect(repo.create(makeProduct({ sku: product.sku }))).resolves.toBeUndefined();
  });

  test('delete leaves a marker alone when it names another product', async () => {
    const holder = makeProduct();
    await repo.create(holder);
    const ghost = makeProduct({ sku: holder.sku }); // never stored
    expect(await repo.delete(ghost)).toBe(false);
    expect(JSON.parse((await s3.getRaw(markerKey(holder.sku)))?.body ?? '')).toEqual({ id: holder.id });
  });

  test('a marker missing for an existing product (data written elsewhere) is repaired by replace', async () => {
    const product = makeProduct();
    await s3.putRaw(`s3verless-data/products/${product.id}.json`, JSON.stringify(product));
    await repo.replace(product, { ...product, stock: 7 });
    expect(JSON.parse((await s3.getRaw(markerKey(product.sku)))?.body ?? '')).toEqual({ id: product.id });
  });
});

describe('stale markers (a crash between two writes)', () => {
  const warnings: string[] = [];
  const logger: StorageLogger = { warn: (_details, message) => warnings.push(message) };
  const hourLater = (): number => Date.now() + 3_600_000;

  test('a marker naming a product that no longer exists is taken over once older than staleSkuMarkerMs', async () => {
    const sku = `STALE-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), JSON.stringify({ id: randomUUID() }));
    const later = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, logger, now: hourLater });
    const product = makeProduct({ sku });
    await expect(later.create(product)).resolves.toBeUndefined();
    expect(JSON.parse((await s3.getRaw(markerKey(sku)))?.body ?? '')).toEqual({ id: product.id });
    expect(warnings).toContain('took over a stale sku marker');
  });

  test('a marker whose holder now has another sku is stale too', async () => {
    const product = makeProduct();
    await repo.create(product);
    const oldSku = `OLD-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(oldSku), JSON.stringify({ id: product.id })); // left behind by a crashed sku change
    const later = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, logger, now: hourLater });
    await expect(later.create(makeProduct({ sku: oldSku }))).resolves.toBeUndefined();
  });

  test('an unreadable marker is stale once old enough', async () => {
    const sku = `BROKEN-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), 'not json');
    await expect(repo.create(makeProduct({ sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
    const later = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, logger, now: hourLater });
    await expect(later.create(makeProduct({ sku }))).resolves.toBeUndefined();
  });

  test('the age counts from Last-Modified + 1 s (its resolution): taken over at exactly staleSkuMarkerMs past that', async () => {
    const sku = `EDGE-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), JSON.stringify({ id: randomUUID() }));
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: markerKey(sku) }));
    const lastModified = head.LastModified?.getTime() ?? Number.NaN;
    const at = (now: number) => new S3ProductRepository({ client: s3.client, bucket: s3.bucket, logger, staleSkuMarkerMs: 5000, now: () => now });
    await expect(at(lastModified + 1000 + 4999).create(makeProduct({ sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
    await expect(at(lastModified + 1000 + 5000).create(makeProduct({ sku }))).resolves.toBeUndefined();
  });

  test('a fresh marker without a product is respected: another process may be writing that product now', async () => {
    const sku = `INFLIGHT-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), JSON.stringify({ id: randomUUID() }));
    await expect(repo.create(makeProduct({ sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
  });

  test('a marker naming a live product is never taken over, however old', async () => {
    const holder = makeProduct();
    await repo.create(holder);
    const later = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, logger, now: hourLater });
    await expect(later.create(makeProduct({ sku: holder.sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
  });
});
