/**
 * Issue 10, observed item 6: responses and data used to share one eviction
 * pool (the response cache stored into the data cache), so a flood of unique
 * URLs evicted every product, list and count entry and turned normal traffic
 * into S3 traffic. The response cache now has stores of its own, sized by
 * RESPONSE_CACHE_L1_SIZE and RESPONSE_CACHE_SIZE.
 */
import type { Product } from '../../src/domain/product';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

const HOT_PRODUCTS = 20;
/** Far more unique URLs than both caches hold together, few enough to run in seconds. */
const JUNK_URLS = 3_000;
const CONCURRENCY = 50;

type TierStats = { type: string; size: number; evictions: number };

describe('separate budgets for responses and data', () => {
  let api: ApiFixture;
  let hot: string[];

  beforeAll(async () => {
    api = await startApiFixture({
      env: { CACHE_L1_SIZE: '40', CACHE_L2_SIZE: '100', RESPONSE_CACHE_L1_SIZE: '20', RESPONSE_CACHE_SIZE: '50' },
    });
    const ids: string[] = [];
    for (let i = 0; i < HOT_PRODUCTS; i++) {
      ids.push(((await api.http.post('/products').send(productBody({ category: 'hot', stock: i }))).body as Product).id);
    }
    hot = [...ids.map((id) => `/products/${id}`), '/products?category=hot', '/products/count?category=hot'];
  });
  afterAll(() => api.close());

  /** Runs the route of every hot URL (no-cache: the response cache does not answer), so the data cache must. */
  async function hotPass(): Promise<void> {
    for (const path of hot) expect((await api.http.get(path).set('cache-control', 'no-cache')).status).toBe(200);
  }

  it('unique junk URLs leave the hot set in the data cache (0 S3 requests)', async () => {
    await hotPass(); // the data cache holds the hot set now
    api.requests.reset();
    await hotPass();
    expect(api.requests.total).toBe(0);

    // `page` means nothing to /products/count: one data entry (the count), a new response key per URL.
    for (let start = 0; start < JUNK_URLS; start += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, i) => api.fire('get', `/products/count?page=${start + i + 1}`));
      for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
    }
    expect(api.responses.stats().stored).toBeGreaterThanOrEqual(JUNK_URLS);

    api.requests.reset();
    await hotPass();
    expect(api.requests.byCommand).toEqual({});

    const responseTiers = api.caches.responses.stats().tiers as unknown as TierStats[];
    const dataTiers = api.caches.data.stats().tiers as unknown as TierStats[];
    expect(responseTiers.map((t) => t.size)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(responseTiers[0].size).toBeLessThanOrEqual(20);
    expect(responseTiers[1].size).toBeLessThanOrEqual(50);
    expect(responseTiers[1].evictions).toBeGreaterThan(0);
    expect(dataTiers.map((t) => t.evictions)).toEqual([0, 0]);
  }, 60_000);

  it('/cache/stats and /metrics show the response store as a cache of its own', async () => {
    const stats = (await api.http.get('/cache/stats')).body;
    expect(stats.data.tiers.map((t: TierStats) => t.type)).toEqual(['LRUCache', 'InMemoryCache']);
    expect(stats.responses.tiers.map((t: TierStats) => t.type)).toEqual(['LRUCache', 'InMemoryCache']);
    expect(stats.responses).toHaveProperty('hits'); // the middleware's counters, beside its tiers
    const metrics = (await api.http.get('/metrics')).text;
    expect(metrics).toMatch(/^cache_tier_entries\{cache="responses",tier="0",type="LRUCache"\} \d+$/m);
    expect(metrics).toMatch(/^cache_tier_evictions_total\{cache="responses",tier="1",type="InMemoryCache"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^cache_tier_evictions_total\{cache="data",tier="1",type="InMemoryCache"\} 0$/m);
  });
});
