/**
 * Two instances of the API (two Express apps in this process, each with its own
 * L1), sharing one Redis (L2 tier + invalidation bus) and one embedded S3
 * server — as behind a load balancer. A write through one is visible through
 * the other once the bus message arrived (see packages/cache README for the
 * bound), for every cached form: by id, list, count, and the response cache.
 */
import { randomBytes } from 'node:crypto';
import type { Product } from '../../src/domain/product';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';
import { type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';
import { describeWithRedis, inspector, keysStartingWith, redisUrl } from '../../../../packages/cache/test/helpers/redis';
import { eventually, received } from './scale-out-helpers';

describeWithRedis('two API instances sharing Redis and S3', () => {
  let s3: S3Fixture;
  let a: ApiFixture;
  let b: ApiFixture;
  const prefix = `s3v-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    s3 = await startS3Fixture('s3verless');
    const env = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      REDIS_LOCK: 'true',
      // Far beyond every test's timeout: an instance that waited for the lock would fail its test.
      REDIS_LOCK_WAIT_MS: '60000',
    };
    a = await startApiFixture({ s3, env });
    b = await startApiFixture({ s3, env });
  });
  afterAll(async () => {
    await a?.caches.data.clear();
    await Promise.all([a?.close(), b?.close()]);
    await s3?.close();
  });
  beforeEach(() => {
    a.requests.reset();
    b.requests.reset();
  });

  /** Runs a write through `via` and waits until `other` applied its bus messages. */
  async function writeAndPropagate<T>(via: ApiFixture, other: ApiFixture, write: () => Promise<T>): Promise<T> {
    const before = received(other);
    const result = await write();
    await eventually(() => received(other) > before, 'the bus message reaching the other instance');
    return result;
  }

  it('serves a product created on A from B, and B then reads it from Redis, not S3', async () => {
    const created = (await a.http.post('/products').send(productBody({ name: 'Shared lamp' }))).body as Product;
    const first = await b.http.get(`/products/${created.id}`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(created);
    // A wrote the product through (write-through into L1 and Redis): B found it in Redis.
    expect(b.requests.count('GetObjectCommand')).toBe(0);
  });

  it('responses are shared in Redis under their own prefix: a response A stored is a HIT on B', async () => {
    const created = (await a.http.post('/products').send(productBody({ name: 'Shared response' }))).body as Product;
    const path = `/products/${created.id}?shared=response`;
    const stored = a.responses.stats().stored;
    expect((await a.http.get(path)).headers['x-cache']).toBe('MISS');
    await eventually(() => a.responses.stats().stored > stored, 'the response reaching Redis');
    const redisHits = b.caches.redis!.responses.stats().hits;
    const onB = await b.http.get(path);
    expect(onB.headers['x-cache']).toBe('HIT');
    expect(onB.body).toEqual(created);
    expect(b.caches.redis!.responses.stats().hits).toBe(redisHits + 1);
    const redis = inspector();
    try {
      const keys = (await keysStartingWith(redis, `${prefix}responses:`)).map((k) => k.toString());
      expect(keys.some((k) => k.includes(created.id))).toBe(true);
    } finally {
      await redis.quit();
    }
  });

  it('a PATCH through A is seen by B by id, list, count and response cache', async () => {
    const created = (await a.http.post('/products').send(productBody({ category: 'kitchen', price: 10 }))).body as Product;
    const list = `/products?category=kitchen&sort_by=price`;
    const count = `/products/count?category=kitchen&price__gte=50`;
    // Warm every cache on B (the second request of each is a response-cache hit).
    for (let i = 0; i < 2; i++) {
      await b.http.get(`/products/${created.id}`);
      await b.http.get(list);
      await b.http.get(count);
    }
    expect((await b.http.get(`/products/${created.id}`)).headers['x-cache']).toBe('HIT');

    await writeAndPropagate(a, b, () => a.http.patch(`/products/${created.id}`).send({ price: 99 }));

    const byId = await b.http.get(`/products/${created.id}`);
    expect(byId.body.price).toBe(99);
    expect(byId.headers['x-cache']).toBe('MISS');
    expect((await b.http.get(list)).body.items.find((p: Product) => p.id === created.id).price).toBe(99);
    expect((await b.http.get(count)).body.count).toBe(1);
    // The data cache too (skipping the response cache).
    expect((await b.http.get(`/products/${created.id}`).set('cache-control', 'no-cache')).body.price).toBe(99);
  });

  it('a DELETE through B makes A answer 404, also from A\'s warm caches', async () => {
    const created = (await b.http.post('/products').send(productBody())).body as Product;
    await a.http.get(`/products/${created.id}`);
    expect((await a.http.get(`/products/${created.id}`)).headers['x-cache']).toBe('HIT');
    const deleted = await writeAndPropagate(b, a, () => b.http.delete(`/products/${created.id}`));
    expect(deleted.status).toBe(204);
    expect((await a.http.get(`/products/${created.id}`)).status).toBe(404);
  });

  it('concurrent misses on A and B read the product from S3 once (the lock in Redis)', async () => {
    const created = (await a.http.post('/products').send(productBody())).body as Product;
    // Forget it everywhere (both L1s through the bus, and Redis), as after an expiry.
    await writeAndPropagate(a, b, () => a.caches.data.clear());
    a.requests.reset();
    b.requests.reset();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).fire('get', `/products/${created.id}?n=${i % 2}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(a.requests.count('GetObjectCommand') + b.requests.count('GetObjectCommand')).toBe(1);
  });

  it('a GET of a missing id on A, then on B: B does not wait for the lock A took (A stored nothing)', async () => {
    const missing = '/products/00000000-0000-4000-8000-000000000000';
    expect((await a.http.get(missing)).status).toBe(404);
    // A's leases (on the product key and on the response key) ended when A stored nothing;
    // had one stayed in Redis, B would wait REDIS_LOCK_WAIT_MS (60 s) and this test would time out.
    expect((await b.http.get(missing)).status).toBe(404);
    expect(b.requests.count('GetObjectCommand')).toBe(1); // B read S3 itself
  }, 10_000);

  it('/readyz reports Redis, /cache/stats shows the Redis tier and the bus, /metrics exports them', async () => {
    expect((await a.http.get('/readyz')).body).toEqual({ status: 'ready', checks: { s3: 'ok', redis: 'ok' } });
    const stats = (await a.http.get('/cache/stats')).body;
    expect(stats.data.tiers.map((t: { type: string }) => t.type)).toEqual(['LRUCache', 'RedisCache']);
    expect(stats.data.bus).toEqual(expect.objectContaining({ connected: true }));
    expect(stats.responses.tiers.map((t: { type: string }) => t.type)).toEqual(['LRUCache', 'RedisCache']);
    expect(stats.responses.bus).toEqual(expect.objectContaining({ connected: true }));
    const metrics = (await a.http.get('/metrics')).text;
    expect(metrics).toMatch(/^cache_tier_hits_total\{cache="data",tier="1",type="RedisCache"\} \d+/m);
    expect(metrics).toMatch(/^cache_bus_connected\{cache="data"\} 1$/m);
    expect(metrics).toMatch(/^cache_tier_hits_total\{cache="responses",tier="1",type="RedisCache"\} \d+$/m);
    expect(metrics).toMatch(/^cache_bus_connected\{cache="responses"\} 1$/m);
    expect(metrics).toMatch(/^cache_bus_messages_total\{cache="data",kind="published"\} [1-9]\d*$/m);
  });
});
