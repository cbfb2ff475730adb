import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

/**
 * The API's response cache runs with `policy: 'http'`: the GET routes say how
 * long it may keep their answers with a targeted field (RFC 9213) that only it
 * obeys, and `Cache-Control: no-cache` to every other cache.
 */
describe("the response cache as a shared HTTP cache (policy 'http')", () => {
  let api: ApiFixture;
  let id: string;

  beforeAll(async () => {
    api = await startApiFixture({ env: { CACHE_TTL: '45' } });
    id = (await api.http.post('/products').send(productBody())).body.id;
  });
  afterAll(() => api.close());
  beforeEach(() => api.requests.reset());

  it('a product, a list and a count say how long our cache may keep them, and no-cache to other caches', async () => {
    for (const path of [`/products/${id}`, '/products?category=lighting', '/products/count?category=lighting']) {
      const res = await api.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['s3verless-cache-control']).toBe('max-age=45');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toMatch(/^W\/"/);
      const again = await api.http.get(path);
      expect(again.headers['x-cache']).toBe('HIT');
      expect(again.headers['cache-status']).toMatch(/^s3verless; hit; ttl=4[45]/);
    }
  });

  it("a client's If-None-Match is answered 304 from the stored copy, without running the route", async () => {
    const first = await api.http.get(`/products/${id}`);
    api.requests.reset();
    const conditional = await api.http.get(`/products/${id}`).set('if-none-match', first.headers.etag as string);
    expect(conditional.status).toBe(304);
    expect(conditional.headers['x-cache']).toBe('HIT');
    expect(api.requests.total).toBe(0);
  });

  it('a request with Cache-Control: no-cache goes to the route (Express then sends the whole answer: an end-to-end reload)', async () => {
    await api.http.get(`/products/${id}`);
    const revalidated = await api.http.get(`/products/${id}`).set('cache-control', 'no-cache');
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.id).toBe(id);
    expect(revalidated.headers['cache-status']).toBe('s3verless; fwd=request; fwd-status=200; stored');
    // The product came from the data cache: no S3 request for a revalidation.
    expect(api.requests.total).toBe(0);
  });

  it('errors are never stored: no-store, and the next identical request runs the route again', async () => {
    const missing = '/products/00000000-0000-4000-8000-00000000abcd';
    const first = await api.http.get(missing);
    expect(first.status).toBe(404);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['s3verless-cache-control']).toBeUndefined();
    const second = await api.http.get(missing);
    expect(second.status).toBe(404);
    expect(second.headers['x-cache']).not.toBe('HIT');
  });

  it('only-if-cached answers 504 when nothing is stored, and the stored copy when it is', async () => {
    const other = (await api.http.post('/products').send(productBody())).body.id as string;
    const cold = await api.http.get(`/products/${other}`).set('cache-control', 'only-if-cached');
    expect(cold.status).toBe(504);
    await api.http.get(`/products/${other}`);
    const warm = await api.http.get(`/products/${other}`).set('cache-control', 'only-if-cached');
    expect(warm.status).toBe(200);
    expect(warm.body.id).toBe(other);
  });

  it('a write still invalidates every stored /products answer before it is acknowledged', async () => {
    await api.http.get(`/products/${id}`);
    await api.http.get('/products/count?category=lighting');
    await api.http.patch(`/products/${id}`).send({ stock: 123 });
    const after = await api.http.get(`/products/${id}`);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.stock).toBe(123);
  });
});
