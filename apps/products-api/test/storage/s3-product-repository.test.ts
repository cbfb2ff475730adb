import { S3Client } from '@aws-sdk/client-s3';
import { productSchema } from '../../src/domain/product';
import { InvalidProductError, StorageOptionError } from '../../src/storage/errors';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { makeProduct, type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

let s3: S3Fixture;
let repo: S3ProductRepository;

beforeAll(async () => {
  s3 = await startS3Fixture();
  repo = new S3ProductRepository({ client: s3.client, bucket: s3.bucket });
});

afterAll(async () => {
  await s3.close();
});

describe('S3ProductRepository round trips', () => {
  test('create then get returns the product', async () => {
    const product = makeProduct({ description: 'a hammer' });
    await repo.create(product);
    expect(await repo.get(product.id)).toEqual(product);
  });

  test('get of an unknown id is undefined; a non-uuid id never reaches S3', async () => {
    expect(await repo.get('3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f')).toBeUndefined();
    s3.requests.reset();
    expect(await repo.get('../../etc/passwd')).toBeUndefined();
    expect(await repo.get('')).toBeUndefined();
    expect(s3.requests.total).toBe(0);
  });

  test('stores one JSON object per product at {basePath}products/{id}.json with id, created_at, updated_at first', async () => {
    const product = makeProduct();
    await repo.create(product);
    const raw = await s3.getRaw(`s3verless-data/products/${product.id}.json`);
    expect(raw).toBeDefined();
    expect(raw?.contentType).toBe('application/json');
    const json = JSON.parse(raw?.body ?? '') as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 3)).toEqual(['id', 'created_at', 'updated_at']);
    expect(productSchema.parse(json)).toEqual(product);
  });

  test('writes the sku marker {basePath}indexes/products/sku/{sku}.json = {"id": ...}', async () => {
    const product = makeProduct();
    await repo.create(product);
    const marker = await s3.getRaw(`s3verless-data/indexes/products/sku/${product.sku}.json`);
    expect(JSON.parse(marker?.body ?? '')).toEqual({ id: product.id });
  });

  test('replace stores the new version', async () => {
    const product = makeProduct();
    await repo.create(product);
    const next = { ...product, name: 'Renamed', price: 12.5, updated_at: new Date(Date.now() + 1000).toISOString() };
    await repo.replace(product, next);
    expect(await repo.get(product.id)).toEqual(next);
  });

  test('delete removes the product and answers whether it existed', async () => {
    const product = makeProduct();
    await repo.create(product);
    expect(await repo.delete(product)).toBe(true);
    expect(await repo.get(product.id)).toBeUndefined();
    expect(await s3.getRaw(`s3verless-data/products/${product.id}.json`)).toBeUndefined();
    expect(await repo.delete(product)).toBe(false);
  });

  test('returned products are frozen (they may be shared with the object cache)', async () => {
    const product = makeProduct();
    await repo.create(product);
    const read = await repo.get(product.id);
    expect(Object.isFrozen(read)).toBe(true);
  });

  test('a custom basePath is honoured', async () => {
    const custom = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath: 'tenant-a/' });
    const product = makeProduct();
    await custom.create(product);
    expect(await s3.getRaw(`tenant-a/products/${product.id}.json`)).toBeDefined();
    expect(await custom.get(product.id)).toEqual(product);
    expect(await repo.get(product.id)).toBeUndefined();
  });

  test('ping resolves when the bucket answers', async () => {
    await expect(repo.ping()).resolves.toBeUndefined();
  });
});

describe('S3ProductRepository validation', () => {
  test('an invalid product is rejected before anything is written', async () => {
    s3.requests.reset();
    const bad = { ...makeProduct(), price: -1 };
    await expect(repo.create(bad)).rejects.toBeInstanceOf(InvalidProductError);
    await expect(repo.create({ ...makeProduct(), sku: 'has space' })).rejects.toThrow(/sku/);
    expect(s3.requests.total).toBe(0);
  });

  test('replace requires the same id', async () => {
    const a = makeProduct();
    await expect(repo.replace(a, makeProduct())).rejects.toBeInstanceOf(InvalidProductError);
  });

  test.each([
    [{ bucket: '' }, /bucket/],
    [{ basePath: 'no-slash' }, /basePath: must end with "\/"/],
    [{ basePath: '/abs/' }, /basePath/],
    [{ basePath: 'a/../' }, /basePath/],
    [{ concurrency: 0 }, /concurrency/],
    [{ concurrency: 1.5 }, /concurrency/],
    [{ staleSkuMarkerMs: -1 }, /staleSkuMarkerMs/],
    [{ logger: {} }, /logger/],
    [{ objectCache: {} }, /objectCache/],
    [{ objectCacheTtl: 0 }, /objectCacheTtl/],
    [{ maxObjectBytes: 0 }, /maxObjectBytes/],
    [{ bogus: true }, /bogus: unknown option/],
  ])('options %p are rejected', (overrides, message) => {
    const options = { client: s3.client, bucket: s3.bucket, ...overrides };
    expect(() => new S3ProductRepository(options as never)).toThrow(StorageOptionError);
    expect(() => new S3ProductRepository(options as never)).toThrow(message);
  });

  test('client must be an S3Client', () => {
    expect(() => new S3ProductRepository({ client: {} as S3Client, bucket: 'b' })).toThrow(/client/);
  });

  test('basePath may be empty (bucket root)', () => {
    expect(new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath: '' }).layout.productsPrefix).toBe(
      'products/',
    );
  });
});
