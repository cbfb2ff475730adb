/**
 * Read-modify-write without lost updates: `replace(previous, next)` writes
 * with `If-Match` of the ETag `get` read, and the service re-reads and
 * re-applies its change when another writer got in between. Run on the
 * embedded server behind a proxy that enforces `If-Match` like AWS S3 (the
 * embedded server alone does not); the same on a real RGW across two
 * processes is in `test/s3-real/cross-process-patch.test.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { CacheKeyBuilder, LRUCache } from '@s3verless/cache';
import type { Product } from '../../src/domain/product';
import { toApiError } from '../../src/http/error-handler';
import { createS3Client } from '../../src/s3/s3-client';
import { MAX_UPDATE_ATTEMPTS, ProductService } from '../../src/service/product-service';
import { ConcurrentUpdateError, type ProductRepository, S3ProductRepository } from '../../src/storage';
import { type ConditionalProxy, startConditionalProxy } from '../helpers/conditional-proxy';
import { makeProduct, type S3Fixture, startS3Fixture, testClientSettings } from '../helpers/s3-fixture';

let s3: S3Fixture;
let proxy: ConditionalProxy;
let client: S3Client;
let repo: S3ProductRepository;
/** Another writer (its own repository and client, straight to the server). */
let other: S3ProductRepository;
const markerKey = (sku: string): string => `s3verless-data/indexes/products/sku/${sku}.json`;

beforeAll(async () => {
  s3 = await startS3Fixture('conditional-update');
  proxy = await startConditionalProxy(s3.server.endpoint, 'aws');
  client = createS3Client(testClientSettings(proxy.url));
  repo = new S3ProductRepository({ client, bucket: s3.bucket });
  other = new S3ProductRepository({ client: s3.newClient(), bucket: s3.bucket, objectCache: null });
});

afterAll(async () => {
  client.destroy();
  await proxy.close();
  await s3.close();
});

async function stored(id: string): Promise<Product> {
  return JSON.parse((await s3.getRaw(`s3verless-data/products/${id}.json`))?.body ?? 'null') as Product;
}

describe('S3ProductRepository.replace after get', () => {
  test('a version changed since get is not overwritten: ConcurrentUpdateError, and a newly reserved sku is freed', async () => {
    const product = makeProduct();
    await repo.create(product);
    const read = await repo.get(product.id);
    if (read === undefined) throw new Error('not stored');
    const theirs = { ...read, stock: 42 };
    await other.replace(read, theirs);
    const mine = { ...read, name: 'mine', sku: `${product.sku}-MINE` };
    await expect(repo.replace(read, mine)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await stored(product.id)).toEqual(theirs);
    expect(await s3.getRaw(markerKey(mine.sku))).toBeUndefined();
    expect(JSON.parse((await s3.getRaw(markerKey(product.sku)))?.body ?? '')).toEqual({ id: product.id });
  });

  test('the version read is still current: written', async () => {
    const product = makeProduct();
    await repo.create(product);
    const read = await repo.get(product.id);
    if (read === undefined) throw new Error('not stored');
    await repo.replace(read, { ...read, stock: 7 });
    expect((await stored(product.id)).stock).toBe(7);
  });

  test('a previous that get did not return is written unconditionally (as before)', async () => {
    const product = makeProduct();
    await repo.create(product);
    await other.replace(product, { ...product, stock: 1 });
    await repo.replace(product, { ...product, stock: 2 });
    expect((await stored(product.id)).stock).toBe(2);
  });
});

describe('ProductService PATCH: re-read and re-apply after a concurrent write', () => {
  /** `repo`, with another writer changing the product just before each of the first `times` replaces. */
  function interfered(times: number, change: (current: Product) => Product): { repository: ProductRepository; replaces: () => number } {
    let replaces = 0;
    const repository: ProductRepository = {
      get: (id) => repo.get(id),
      scan: () => repo.scan(),
      create: (p) => repo.create(p),
      replace: async (previous, next) => {
        replaces += 1;
        if (replaces <= times) await other.replace(previous, change(previous));
        await repo.replace(previous, next);
      },
      delete: (p) => repo.delete(p),
      ping: () => repo.ping(),
    };
    return { repository, replaces: () => replaces };
  }

  const service = (repository: ProductRepository): ProductService =>
    new ProductService({ repository, cache: new LRUCache({ cleanupInterval: null }), keys: new CacheKeyBuilder() });

  test('two changes of different fields both survive', async () => {
    const product = makeProduct({ stock: 0 });
    await repo.create(product);
    let bump = 0;
    const { repository, replaces } = interfered(2, (current) => ({ ...current, stock: (bump += 10) }));
    const result = await service(repository).patch(product.id, { name: 'renamed' });
    expect(replaces()).toBe(3);
    expect(result).toMatchObject({ name: 'renamed', stock: 20 });
    expect(await stored(product.id)).toMatchObject({ name: 'renamed', stock: 20 });
  });

  test(`after ${MAX_UPDATE_ATTEMPTS} lost attempts the update fails with ConcurrentUpdateError (API: 409 concurrent_update)`, async () => {
    const product = makeProduct({ stock: 0 });
    await repo.create(product);
    const { repository, replaces } = interfered(Number.POSITIVE_INFINITY, (current) => ({ ...current, stock: current.stock + 1 }));
    const failure = service(repository).patch(product.id, { name: 'never' });
    await expect(failure).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(replaces()).toBe(MAX_UPDATE_ATTEMPTS);
    expect((await stored(product.id)).name).toBe(product.name);
    const apiError = toApiError(new ConcurrentUpdateError(randomUUID()));
    expect([apiError.status, apiError.code]).toEqual([409, 'concurrent_update']);
  });
});
