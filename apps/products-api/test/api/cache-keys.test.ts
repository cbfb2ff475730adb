/**
 * Issue 10, observed items 1-4, against the whole API (embedded S3 over HTTP):
 * a response-cache key means exactly what the route sees, or the request is
 * not cached.
 */
import { sendTarget } from '../../../../packages/express-cache/test/helpers/raw-target';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

describe('response-cache keys mean what the routes see (issue 10)', () => {
  let api: ApiFixture;
  let lampId: string;
  beforeAll(async () => {
    api = await startApiFixture();
    lampId = (await api.http.post('/products').send(productBody({ name: 'C lamp', category: 'lamps' }))).body.id;
    await api.http.post('/products').send(productBody({ name: 'Chair', category: 'chairs' }));
    await api.http.post('/products').send(productBody({ name: 'Desk', category: 'desks' }));
  });
  afterAll(() => api.close());

  const get = (target: string, headers: Record<string, string> = {}) => sendTarget(api.url, target, { headers });
  const body = (res: { text: string }) => JSON.parse(res.text);

  it('item 1: 1,000 empty pairs cannot store the unfiltered count under /products/count?category=lamps', async () => {
    const poison = await get(`/products/count?${'&'.repeat(1000)}category=lamps`, { 'cache-control': 'no-cache' });
    // The route refuses it before the cache (the middleware alone answers BYPASS: express-cache's key tests).
    expect(poison.status).toBe(400);
    expect(body(poison).error.code).toBe('invalid_query');
    const count = await get('/products/count?category=lamps');
    expect(body(count).count).toBe(1);
    expect((await get('/products/count?category=lamps')).headers['x-cache']).toBe('HIT');
  });

  it('item 1: nor the unfiltered list under /products?category=lamps', async () => {
    await get(`/products?${'&'.repeat(1000)}category=lamps`, { 'cache-control': 'no-cache' });
    const list = await get('/products?category=lamps');
    expect(list.headers['x-cache']).not.toBe('HIT');
    expect(body(list).items.map((p: { id: string }) => p.id)).toEqual([lampId]);
  });

  it('item 1: a wrong filter after the 1,000th pair is a 400, not silently ignored', async () => {
    for (const path of ['/products', '/products/count']) {
      const res = await get(`${path}?${'&'.repeat(1000)}price__contains=1`);
      expect(res.status).toBe(400);
      expect(body(res).error).toMatchObject({ code: 'invalid_query', details: [{ field: 'query' }] });
    }
    // 999 empty pairs and a filter are within the limit: the filter is read (and this one is wrong).
    expect((await get(`/products?${'&'.repeat(999)}price__contains=1`)).status).toBe(400);
    expect((await get(`/products?${'&'.repeat(999)}category=lamps`)).status).toBe(200);
  });

  it('item 2: a raw # is not cached, so the results for "C" are not stored under "C#"', async () => {
    const fragment = await get('/products?name__contains=C#');
    expect(fragment.headers['cache-status']).toContain('detail="fragment"');
    const sharp = await get('/products?name__contains=C%23');
    expect(sharp.headers['x-cache']).toBe('MISS');
    expect(body(sharp).items).toEqual([]);
  });

  it('item 3: %zz%41 and %25zz%2541 do not share a key', async () => {
    const malformed = await get('/products?name__contains=%zz%41');
    expect(malformed.headers['cache-status']).toContain('detail="malformed-escape"');
    const escaped = await get('/products?name__contains=%25zz%2541');
    expect(escaped.headers['x-cache']).toBe('MISS');
    expect((await get('/products?name__contains=%zz%41')).headers['x-cache']).toBe('BYPASS');
  });

  it('item 4: after DELETE answered 204, case variants and absolute-form targets answer 404, not a cached 200', async () => {
    const doomed = (await api.http.post('/products').send(productBody({ name: 'Doomed' }))).body.id as string;
    const host = new URL(api.url).host;
    const variants = [`/products/${doomed}`, `/Products/${doomed}`, `/PRODUCTS/${doomed}`, `http://${host}/products/${doomed}`];
    for (const target of variants) {
      await get(target);
      expect([target, (await get(target)).headers['x-cache']]).toEqual([target, 'HIT']);
    }
    expect((await api.http.delete(`/products/${doomed}`)).status).toBe(204);
    for (const target of variants) {
      const after = await get(target);
      expect([target, after.status, after.headers['x-cache']]).toEqual([target, 404, 'MISS']);
    }
  });
});
