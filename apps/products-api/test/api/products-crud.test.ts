import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

describe('products CRUD over a real S3 server', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(() => api.close());

  it('POST creates: 201, Location, snake_case fields with id/created_at/updated_at first, one object in S3', async () => {
    const res = await api.http.post('/products').send(productBody({ sku: 'CRUD-1', description: 'brass' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/products/${res.body.id}`);
    expect(Object.keys(res.body).slice(0, 3)).toEqual(['id', 'created_at', 'updated_at']);
    expect(res.body).toMatchObject({ sku: 'CRUD-1', is_active: true, stock: 0, description: 'brass' });
    expect(res.body.created_at).toBe(res.body.updated_at);
    const raw = await api.s3.getRaw(`s3verless-data/products/${res.body.id}.json`);
    expect(JSON.parse(raw?.body ?? '{}')).toEqual(res.body);
    expect(raw?.contentType).toBe('application/json');
  });

  it('GET by id: 200, 404 for an unknown id, 400 for a malformed one', async () => {
    const created = (await api.http.post('/products').send(productBody())).body;
    expect((await api.http.get(`/products/${created.id}`)).body).toEqual(created);
    const missing = await api.http.get('/products/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const malformed = await api.http.get('/products/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_id');
  });

  it('POST rejects an invalid body with every problem listed, and stores nothing', async () => {
    const before = (await api.http.get('/products/count')).body.count;
    const res = await api.http.post('/products').send({ name: '', sku: 'bad sku!', price: -1, stock: 1.5, color: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['category', 'name', 'price', 'sku', 'stock']));
    expect(JSON.stringify(res.body.error.details)).toMatch(/color/);
    expect((await api.http.get('/products/count').set('cache-control', 'no-cache')).body.count).toBe(before);
  });

  it('answers 415 for a body that is not JSON, 400 for malformed JSON, 413 for a body over 1 MiB', async () => {
    const text = await api.http.post('/products').set('content-type', 'text/plain').send('name=lamp');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const malformed = await api.http.post('/products').set('content-type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const huge = await api.http.post('/products').send(productBody({ description: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const none = await api.http.post('/products');
    expect(none.status).toBe(400);
  });

  it('rejects a duplicate sku with 409', async () => {
    await api.http.post('/products').send(productBody({ sku: 'DUP-1' })).expect(201);
    const dup = await api.http.post('/products').send(productBody({ sku: 'DUP-1' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate_sku');
  });

  it('PUT replaces; id and created_at cannot change; a GET result can be PUT back', async () => {
    const created = (await api.http.post('/products').send(productBody({ sku: 'PUT-1', stock: 5 }))).body;
    const replaced = await api.http
      .put(`/products/${created.id}`)
      .send({ ...created, id: '11111111-1111-4111-8111-111111111111', created_at: '2000-01-01T00:00:00Z', name: 'Floor lamp' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.id, created_at: created.created_at, name: 'Floor lamp', sku: 'PUT-1', stock: 5 });
    expect(Date.parse(replaced.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    const missingField = await api.http.put(`/products/${created.id}`).send({ name: 'x', sku: 'PUT-1', price: 1 });
    expect(missingField.status).toBe(400);
    expect(missingField.body.error.details.map((d: { field: string }) => d.field)).toContain('category');
    expect((await api.http.put('/products/00000000-0000-4000-8000-000000000000').send(productBody())).status).toBe(404);
  });

  it('PATCH merges; keeping its own sku is not a conflict; a changed sku frees the old one', async () => {
    const a = (await api.http.post('/products').send(productBody({ sku: 'PATCH-A' }))).body;
    const b = (await api.http.post('/products').send(productBody({ sku: 'PATCH-B' }))).body;
    const same = await api.http.patch(`/products/${a.id}`).send({ sku: 'PATCH-A', price: 10 });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ sku: 'PATCH-A', price: 10, name: a.name });
    const taken = await api.http.patch(`/products/${a.id}`).send({ sku: 'PATCH-B' });
    expect(taken.status).toBe(409);
    const moved = await api.http.patch(`/products/${b.id}`).send({ sku: 'PATCH-C' });
    expect(moved.status).toBe(200);
    expect((await api.http.patch(`/products/${a.id}`).send({ sku: 'PATCH-B' })).status).toBe(200);
    const invalid = await api.http.patch(`/products/${a.id}`).send({ price: 'free' });
    expect(invalid.status).toBe(400);
  });

  it('DELETE: 204, then 404; the sku is free again', async () => {
    const created = (await api.http.post('/products').send(productBody({ sku: 'DEL-1' }))).body;
    expect((await api.http.delete(`/products/${created.id}`)).status).toBe(204);
    expect((await api.http.get(`/products/${created.id}`)).status).toBe(404);
    expect((await api.http.delete(`/products/${created.id}`)).status).toBe(404);
    expect((await api.http.post('/products').send(productBody({ sku: 'DEL-1' }))).status).toBe(201);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await api.http.get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('probes: /healthz and /readyz answer 200, /cache/stats reports every cache', async () => {
    expect((await api.http.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await api.http.get('/readyz')).body).toEqual({ status: 'ready', checks: { s3: 'ok', redis: 'disabled' } });
    const stats = (await api.http.get('/cache/stats')).body;
    expect(stats.data.tiers.map((t: { type: string }) => t.type)).toEqual(['LRUCache', 'InMemoryCache']);
    expect(stats.responses).toHaveProperty('hits');
    expect(stats.objects).toHaveProperty('size');
  });
});
