import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

describe('when S3 is down', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(() => api.close());

  it('answers 503 with the error shape, /readyz 503, /healthz 200 — and recovers when S3 is back', async () => {
    const created = (await api.http.post('/products').send(productBody())).body;
    await api.s3.server.close(); // S3 goes away
    const list = await api.http.get('/products?category=x');
    expect(list.status).toBe(503);
    expect(list.body).toEqual({ error: { code: 'storage_unavailable', message: expect.any(String) } });
    expect((await api.http.post('/products').send(productBody())).status).toBe(503);
    expect((await api.http.get('/readyz')).status).toBe(503);
    expect((await api.http.get('/readyz')).body.checks).toEqual({ s3: 'unavailable', redis: 'disabled' });
    expect((await api.http.get('/healthz')).status).toBe(200);
    // A cached product is still served while S3 is down.
    expect((await api.http.get(`/products/${created.id}`)).status).toBe(200);
  });
});

describe('SKU uniqueness under concurrency (embedded server, which does not enforce conditional writes)', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(() => api.close());

  it('two concurrent POSTs with one sku give exactly one 201 and one 409', async () => {
    const body = productBody({ sku: 'RACE-1' });
    const results = await Promise.all([api.fire('post', '/products', body), api.fire('post', '/products', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('ten concurrent POSTs with one sku give exactly one 201', async () => {
    const body = productBody({ sku: 'RACE-10' });
    const results = await Promise.all(Array.from({ length: 10 }, () => api.fire('post', '/products', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await api.http.get('/products/count?sku=RACE-10')).body.count).toBe(1);
  });
});
