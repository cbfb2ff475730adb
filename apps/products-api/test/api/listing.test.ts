import { makeProduct, runBounded } from '../helpers/s3-fixture';
import { type ApiFixture, startApiFixture } from '../helpers/api-fixture';

describe('GET /products and /products/count over a real S3 server', () => {
  let api: ApiFixture;
  const TOTAL = 1_050;

  beforeAll(async () => {
    api = await startApiFixture();
    // Written straight to S3 (faster than 1,050 POSTs), exactly as the API stores them.
    await runBounded(TOTAL, 32, async (i) => {
      const product = makeProduct({
        name: `Item ${String(i).padStart(4, '0')}`,
        price: i % 100,
        category: i % 3 === 0 ? 'lighting' : 'tools',
        is_active: i % 5 !== 0,
        ...(i % 7 === 0 ? { description: `note ${i}` } : {}),
      });
      await api.s3.putRaw(`s3verless-data/products/${product.id}.json`, JSON.stringify(product));
    });
    await api.s3.putRaw('s3verless-data/products/not-json.json', '{oops');
    await api.s3.putRaw('s3verless-data/products/readme.txt', 'hello', 'text/plain');
  }, 60_000);
  afterAll(() => api.close());

  it('lists past 1000 objects (ListObjectsV2 pagination), total and page from one pass', async () => {
    api.requests.reset();
    const res = await api.http.get('/products?page=53&page_size=20');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total_count: TOTAL, page: 53, page_size: 20, has_next: false, has_prev: true });
    expect(res.body.items).toHaveLength(10);
    expect(api.requests.count('ListObjectsV2Command')).toBe(2);
  }, 60_000); // a cold scan of 1,050 objects: ~3 s alone, over 20 s once in CI on a loaded machine

  it('skips corrupt and foreign objects under the prefix instead of failing', async () => {
    expect((await api.http.get('/products/count')).body.count).toBe(TOTAL);
  });

  it('filters by typed values, sorts numbers numerically with missing values last, and counts the same', async () => {
    const res = await api.http.get('/products?category=lighting&price__gte=95&is_active=true&sort_by=price&sort_order=desc&page_size=100');
    const prices = res.body.items.map((p: { price: number }) => p.price);
    expect(prices.length).toBeGreaterThan(0);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => b - a));
    expect(prices.every((p: number) => p >= 95)).toBe(true);
    const count = await api.http.get('/products/count?is_active=true&price__gte=95&category=lighting&page=999');
    expect(count.body.count).toBe(res.body.total_count);
    const withDescription = await api.http.get('/products?sort_by=description&page_size=100&page=11');
    expect(withDescription.body.items.every((p: { description?: string }) => p.description === undefined)).toBe(true);
  });

  it('answers 400 naming each bad parameter', async () => {
    const res = await api.http.get('/products?colour=red&price__gt=cheap&price__contains=1&page=0&page_size=101');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_query');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['colour', 'price__gt', 'price__contains', 'page', 'page_size']));
  });
});
