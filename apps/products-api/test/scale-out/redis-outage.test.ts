/**
 * Redis dies mid-run (a dedicated redis-server, killed as a crash would), then
 * comes back: requests keep succeeding from L1 and S3, none waits long, and the
 * Redis tier is used again once it answers.
 */
import { performance } from 'node:perf_hooks';
import { type RedisServerHandle, startRedisServer } from '@s3verless/cache/testing';
import type { Product } from '../../src/domain/product';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';
import { describeWithRedisServer } from '../../../../packages/cache/test/helpers/redis';
import { eventually } from './scale-out-helpers';

/** Longest any request may take while Redis is down (REDIS_TIMEOUT_MS is 50 here; S3 is on loopback). */
const BOUND_MS = 1_000;

describeWithRedisServer('products-api when Redis goes away and comes back', () => {
  let redis: RedisServerHandle;
  let api: ApiFixture;
  const products: Product[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startApiFixture({ env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '50' } });
    for (let i = 0; i < 5; i++) products.push((await api.http.post('/products').send(productBody({ price: i }))).body);
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
  });

  const redisStats = () => api.caches.redis!.cache.stats();

  async function timed(path: string, method: 'get' | 'post' = 'get', body?: object): Promise<{ status: number; ms: number }> {
    const start = performance.now();
    const response = await api.fire(method, path, body);
    return { status: response.status, ms: performance.now() - start };
  }

  it('serves every request, none slower than the bound, while Redis is down; then uses Redis again', async () => {
    await redis.kill();
    const during: Array<{ status: number; ms: number }> = [];
    for (let round = 0; round < 5; round++) {
      for (const product of products) during.push(await timed(`/products/${product.id}`));
      during.push(await timed('/products?sort_by=price'));
      during.push(await timed('/products/count'));
    }
    // Writes go on too: the write itself is in S3; its cache invalidation cannot reach Redis,
    // so the API says so (503 cache_invalidation_failed) rather than risk stale reads later.
    const write = await api.fire('post', '/products', productBody());
    expect([201, 503]).toContain(write.status);
    expect(during.filter((r) => r.status !== 200)).toEqual([]);
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(BOUND_MS);
    expect(redisStats().errors + redisStats().rejected).toBeGreaterThan(0);
    expect((await api.http.get('/readyz')).body).toEqual({ status: 'degraded', checks: { s3: 'ok', redis: 'unavailable' } });

    redis = await startRedisServer({ port: redis.port }); // a fresh, empty Redis on the same port
    const key = `s3v:model:Product:${products[0].id}`;
    await eventually(async () => {
      // A read through the API fills Redis again once the breaker's cool-down passed and the client reconnected.
      await api.caches.data.clear().catch(() => undefined);
      await api.http.get(`/products/${products[0].id}`).set('cache-control', 'no-cache');
      const stored = (await api.caches.redis!.cache.get(key).catch(() => undefined)) !== undefined;
      return stored && api.caches.data.stats().bus?.connected === true;
    }, 'the API storing into Redis again and the bus reconnected', 15_000);
    expect(await api.caches.redis!.cache.get(key)).toEqual(products[0]);
    expect(redisStats().breaker).toBe('closed');
    expect((await api.http.get('/readyz')).body).toEqual({ status: 'ready', checks: { s3: 'ok', redis: 'ok' } });
  }, 60_000);
});
