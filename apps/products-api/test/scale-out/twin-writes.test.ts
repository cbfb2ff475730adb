/**
 * Issue 9, defect 2: concurrent writes of one product must never leave a
 * cache holding a version that S3 no longer has. S3 keeps the PUT it received
 * last; a writer whose PUT *answer* is slow must not then install its (older)
 * version over the newer one another writer stored meanwhile — on one
 * instance, or on two sharing Redis.
 */
import { randomBytes } from 'node:crypto';
import { deferred, type Deferred } from '@s3verless/cache/testing';
import type { Product } from '../../src/domain/product';
import type { ProductRepository } from '../../src/storage';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';
import { type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';
import { describeWithRedis, redisUrl } from '../../../../packages/cache/test/helpers/redis';
import { eventually, received } from './scale-out-helpers';

/** The real repository, whose next `replace` is held after S3 stored it (a slow PUT answer). */
function slowPutAnswers(real: ProductRepository, control: { holdNextReplace?: Deferred<void>; stored: number }): ProductRepository {
  return {
    get: (id) => real.get(id),
    scan: () => real.scan(),
    create: (p) => real.create(p),
    replace: async (previous, next) => {
      await real.replace(previous, next);
      control.stored++;
      const hold = control.holdNextReplace;
      control.holdNextReplace = undefined;
      if (hold) await hold.promise;
    },
    delete: (p) => real.delete(p),
    ping: () => real.ping(),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** The stock S3 holds, read by no cache at all. */
async function stockInS3(api: ApiFixture, id: string): Promise<number | undefined> {
  return (await api.repository.get(id))?.stock;
}

/** The stock every read path of `api` answers for `id`: by id (response cache, data cache), list, count. */
async function stockSeenBy(api: ApiFixture, product: Product): Promise<Record<string, unknown>> {
  const byId = await api.http.get(`/products/${product.id}`);
  const byIdData = await api.http.get(`/products/${product.id}`).set('cache-control', 'no-cache');
  const list = await api.http.get(`/products?category=${product.category}`);
  return {
    byId: byId.body.stock,
    byIdData: byIdData.body.stock,
    list: (list.body.items as Product[]).find((p) => p.id === product.id)?.stock,
  };
}

/**
 * A PATCH through `first` whose PUT reaches S3 but whose answer is held; then a
 * PATCH through `second` (it reads the first's version and writes its own);
 * then the first is let go. S3 ends with the second's version. On one instance
 * the second PATCH waits for the first's answer (one update of a product at a
 * time per process), so it is let go first and both are awaited together.
 */
async function twinWrites(first: ApiFixture, firstControl: { holdNextReplace?: Deferred<void>; stored: number }, second: ApiFixture, product: Product) {
  const hold = deferred();
  firstControl.holdNextReplace = hold;
  const storedBefore = firstControl.stored;
  const slow = first.fire('patch', `/products/${product.id}`, { stock: 2 });
  await until(() => firstControl.stored === storedBefore + 1); // S3 has stock 2; its answer is held
  if (first === second) {
    const queued = second.fire('patch', `/products/${product.id}`, { stock: 3 });
    hold.resolve();
    expect([(await slow).status, (await queued).status]).toEqual([200, 200]);
    return;
  }
  const fast = await second.http.patch(`/products/${product.id}`).send({ stock: 3 });
  expect(fast.status).toBe(200);
  hold.resolve();
  expect((await slow).status).toBe(200);
}

describe('concurrent writes of one product on one instance', () => {
  let api: ApiFixture;
  const control: { holdNextReplace?: Deferred<void>; stored: number } = { stored: 0 };

  beforeAll(async () => {
    api = await startApiFixture({ wrapRepository: (real) => slowPutAnswers(real, control) });
  });
  afterAll(() => api.close());

  it('leave every cached path showing what S3 holds', async () => {
    const product = (await api.http.post('/products').send(productBody({ category: `twin-${randomBytes(3).toString('hex')}`, stock: 1 }))).body as Product;
    await stockSeenBy(api, product); // warm every cache
    await twinWrites(api, control, api, product);
    expect(await stockInS3(api, product.id)).toBe(3);
    expect(await stockSeenBy(api, product)).toEqual({ byId: 3, byIdData: 3, list: 3 });
  });
});

describeWithRedis('concurrent writes of one product on two instances sharing Redis', () => {
  let s3: S3Fixture;
  let a: ApiFixture;
  let b: ApiFixture;
  const control: { holdNextReplace?: Deferred<void>; stored: number } = { stored: 0 };

  beforeAll(async () => {
    s3 = await startS3Fixture('s3verless');
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `s3v-test:${process.pid}:${randomBytes(4).toString('hex')}:` };
    a = await startApiFixture({ s3, env, wrapRepository: (real) => slowPutAnswers(real, control) });
    b = await startApiFixture({ s3, env });
  });
  afterAll(async () => {
    await a?.caches.data.clear();
    await Promise.all([a?.close(), b?.close()]);
    await s3?.close();
  });

  it('leave every cached path on both instances showing what S3 holds', async () => {
    const product = (await a.http.post('/products').send(productBody({ category: `twin-${randomBytes(3).toString('hex')}`, stock: 1 }))).body as Product;
    await stockSeenBy(a, product);
    await stockSeenBy(b, product);
    const receivedByB = received(b);
    await twinWrites(a, control, b, product);
    // A's write announced itself last: wait until B applied it (the bus's bound, not S3's).
    await eventually(() => received(b) > receivedByB + 1, "A's bus messages reaching B");
    expect(await stockInS3(a, product.id)).toBe(3);
    expect(await stockSeenBy(a, product)).toEqual({ byId: 3, byIdData: 3, list: 3 });
    expect(await stockSeenBy(b, product)).toEqual({ byId: 3, byIdData: 3, list: 3 });
  });
});
