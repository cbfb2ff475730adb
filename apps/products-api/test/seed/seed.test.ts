import type { Product } from '../../src/domain/product';
import { demoSku, generateDemoProduct } from '../../src/seed/generate';
import { type SeedProgress, seedProducts } from '../../src/seed/seed';
import { DuplicateSkuError } from '../../src/storage/errors';
import type { ProductRepository } from '../../src/storage/product-repository';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { makeProduct, type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

type SeedRepository = Pick<ProductRepository, 'scan' | 'create'>;

/** An in-memory repository with the same SKU rule, optionally slow or failing. */
function memoryRepository(options: { delayMs?: number; failFor?: (sku: string) => boolean } = {}) {
  const products = new Map<string, Product>();
  let inFlight = 0;
  let maxInFlight = 0;
  let creates = 0;
  const repository: SeedRepository = {
    async scan() {
      return [...products.values()];
    },
    async create(product) {
      creates += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        if (options.failFor?.(product.sku)) throw new Error(`boom ${product.sku}`);
        if (products.has(product.sku)) throw new DuplicateSkuError(product.sku);
        products.set(product.sku, product);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { repository, products, stats: () => ({ maxInFlight, creates }) };
}

describe('seedProducts against a real embedded S3 server', () => {
  let s3: S3Fixture;
  let run = 0;
  /** A repository on its own prefix of the shared bucket, so tests do not see each other's products. */
  const freshRepository = (): S3ProductRepository =>
    new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath: `seed-${(run += 1)}/` });

  beforeAll(async () => {
    s3 = await startS3Fixture('seed-test');
  });
  afterAll(async () => {
    await s3.close();
  });

  test('is idempotent by SKU: a second run creates nothing, a larger count adds only the difference', async () => {
    const repository = freshRepository();

    const first = await seedProducts({ repository, count: 20 });
    expect(first).toMatchObject({ created: 20, skipped: 0, failed: 0, alreadyPresent: 0, notAttempted: 0, stopped: undefined });
    const stored = await repository.scan();
    expect(stored.map((p) => p.sku).sort()).toEqual(Array.from({ length: 20 }, (_, i) => demoSku(i + 1)));
    for (const product of stored) {
      const { id, created_at, updated_at, ...fields } = product;
      expect(fields).toEqual(generateDemoProduct(Number(product.sku.slice(5))));
      expect(created_at).toBe(updated_at);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }

    const second = await seedProducts({ repository, count: 20 });
    expect(second).toMatchObject({ created: 0, skipped: 20, failed: 0, alreadyPresent: 20 });
    const unchanged = await repository.scan();
    expect(new Set(unchanged.map((p) => p.id))).toEqual(new Set(stored.map((p) => p.id)));

    const third = await seedProducts({ repository, count: 30, concurrency: 4 });
    expect(third).toMatchObject({ created: 10, skipped: 20, failed: 0, alreadyPresent: 20 });
    const all = await repository.scan();
    expect(all).toHaveLength(30);
    expect(new Set(all.map((p) => p.sku)).size).toBe(30);

    const smaller = await seedProducts({ repository, count: 5 });
    expect(smaller).toMatchObject({ created: 0, skipped: 5 });
    expect(await repository.scan()).toHaveLength(30);
  });

  test('leaves other products alone', async () => {
    const repository = freshRepository();
    const own = makeProduct({ sku: 'NOT-A-DEMO' });
    await repository.create(own);
    expect(await seedProducts({ repository, count: 3 })).toMatchObject({ created: 3, skipped: 0 });
    const all = await repository.scan();
    expect(all).toHaveLength(4);
    expect(all.find((p) => p.sku === 'NOT-A-DEMO')).toEqual(own);
  });

  test('a DuplicateSkuError on create (missed by the scan) counts as skipped, not failed', async () => {
    const repository = freshRepository();
    await seedProducts({ repository, count: 6 });
    const blindScan: SeedRepository = { scan: async () => [], create: (p) => repository.create(p) };
    const result = await seedProducts({ repository: blindScan, count: 8 });
    expect(result).toMatchObject({ created: 2, skipped: 6, failed: 0, alreadyPresent: 0 });
    expect(await repository.scan()).toHaveLength(8);
  });
});

describe('seedProducts run control', () => {
  test('reports progress: once after the scan, then after every product', async () => {
    const { repository } = memoryRepository();
    await seedProducts({ repository, count: 3 });
    const events: SeedProgress[] = [];
    const result = await seedProducts({ repository, count: 8, concurrency: 2, onProgress: (p) => events.push(p) });
    expect(result).toMatchObject({ created: 5, skipped: 3 });
    expect(events[0]).toEqual({ total: 5, done: 0, created: 0, skipped: 3, failed: 0, alreadyPresent: 3 });
    expect(events.map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.at(-1)).toEqual({ total: 5, done: 5, created: 5, skipped: 3, failed: 0, alreadyPresent: 3 });
  });

  test('nothing to do: one progress report with total 0, no create', async () => {
    const { repository, stats } = memoryRepository();
    await seedProducts({ repository, count: 4 });
    const events: SeedProgress[] = [];
    const result = await seedProducts({ repository, count: 4, onProgress: (p) => events.push(p) });
    expect(result).toMatchObject({ created: 0, skipped: 4, failed: 0, notAttempted: 0 });
    expect(events).toEqual([{ total: 0, done: 0, created: 0, skipped: 4, failed: 0, alreadyPresent: 4 }]);
    expect(stats().creates).toBe(4);
  });

  test('keeps at most `concurrency` creates in flight', async () => {
    const { repository, stats } = memoryRepository({ delayMs: 2 });
    await seedProducts({ repository, count: 40, concurrency: 4 });
    expect(stats().maxInFlight).toBe(4);
    const one = memoryRepository({ delayMs: 1 });
    await seedProducts({ repository: one.repository, count: 5, concurrency: 1 });
    expect(one.stats().maxInFlight).toBe(1);
  });

  test('failures are counted and reported with their SKU; the rest is created', async () => {
    const { repository, products } = memoryRepository({ failFor: (sku) => sku === 'DEMO-00003' || sku === 'DEMO-00007' });
    const result = await seedProducts({ repository, count: 10 });
    expect(result).toMatchObject({ created: 8, skipped: 0, failed: 2, notAttempted: 0, stopped: undefined });
    expect(result.failures.map((f) => f.sku).sort()).toEqual(['DEMO-00003', 'DEMO-00007']);
    expect((result.failures[0].error as Error).message).toMatch(/^boom DEMO-0000[37]$/);
    expect(products.size).toBe(8);
    // A retry adds exactly the failed ones.
    const retry = await seedProducts({ repository: memoryRepositoryFrom(products), count: 10 });
    expect(retry).toMatchObject({ created: 2, skipped: 8 });
  });

  test('stops starting new products after maxFailures', async () => {
    const { repository } = memoryRepository({ failFor: () => true });
    const result = await seedProducts({ repository, count: 100, concurrency: 1, maxFailures: 3 });
    expect(result).toMatchObject({ created: 0, failed: 3, notAttempted: 97, stopped: 'too-many-failures' });
    expect(result.failures).toHaveLength(3);
  });

  test('an abort stops starting new products; those in flight finish', async () => {
    const { repository, products } = memoryRepository({ delayMs: 1 });
    const controller = new AbortController();
    const result = await seedProducts({
      repository,
      count: 50,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 5) controller.abort();
      },
    });
    expect(result.stopped).toBe('aborted');
    expect(result.created).toBeGreaterThanOrEqual(5);
    expect(result.created).toBeLessThanOrEqual(6);
    expect(result.created + result.notAttempted).toBe(50);
    expect(products.size).toBe(result.created);
  });

  test('a failing scan rejects before anything is written', async () => {
    let creates = 0;
    const repository: SeedRepository = {
      scan: async () => {
        throw new Error('S3 is down');
      },
      create: async () => {
        creates += 1;
      },
    };
    await expect(seedProducts({ repository, count: 5 })).rejects.toThrow('S3 is down');
    expect(creates).toBe(0);
  });

  test.each([
    [{ count: -1 }, /count/],
    [{ count: 1.5 }, /count/],
    [{ count: 1, concurrency: 0 }, /concurrency/],
    [{ count: 1, concurrency: 2000 }, /concurrency/],
    [{ count: 1, seed: -1 }, /seed/],
    [{ count: 1, maxFailures: 0 }, /maxFailures/],
  ])('rejects bad options %p', async (options, message) => {
    const { repository } = memoryRepository();
    await expect(seedProducts({ repository, ...options })).rejects.toThrow(message);
  });
});

function memoryRepositoryFrom(products: Map<string, Product>): SeedRepository {
  return {
    scan: async () => [...products.values()],
    create: async (product) => {
      if (products.has(product.sku)) throw new DuplicateSkuError(product.sku);
      products.set(product.sku, product);
    },
  };
}
