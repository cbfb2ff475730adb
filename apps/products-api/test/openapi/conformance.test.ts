/**
 * Real answers of the whole app (on an embedded S3 server) checked against the document: each
 * status is documented for its operation, each body validates against the documented JSON Schema,
 * required headers are there, and each error code is one documented for that status.
 */
import { randomUUID } from 'node:crypto';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';
import { dereferencedDocument, type DereferencedDocument, expectDocumented, type RealResponse } from './doc-helpers';

describe('real answers match the document', () => {
  let api: ApiFixture;
  let doc: DereferencedDocument;
  beforeAll(async () => {
    [api, doc] = await Promise.all([startApiFixture(), dereferencedDocument()]);
  });
  afterAll(() => api.close());

  const check = (method: string, path: string, res: RealResponse): void => void expectDocumented(doc, method, path, res);

  it('products: create, read (miss, hit, 304), list, count, replace, patch, delete', async () => {
    const created = await api.http.post('/products').send(productBody({ description: 'A lamp' }));
    expect(created.status).toBe(201);
    check('POST', '/products', created);
    expect(created.headers.location).toBe(`/products/${created.body.id}`);
    const id = created.body.id as string;

    const miss = await api.http.get(`/products/${id}`);
    check('GET', '/products/{id}', miss);
    expect(miss.headers).toMatchObject({ 'x-cache': 'MISS', 'cache-status': expect.any(String), etag: expect.any(String) });
    const hit = await api.http.get(`/products/${id}`);
    check('GET', '/products/{id}', hit);
    expect(hit.headers).toMatchObject({ 'x-cache': 'HIT', age: expect.stringMatching(/^\d+$/) });
    const notModified = await api.http.get(`/products/${id}`).set('if-none-match', hit.headers.etag);
    expect(notModified.status).toBe(304);
    check('GET', '/products/{id}', notModified);

    const list = await api.http.get('/products?category=lighting&price__gte=1&sort_by=price&sort_order=desc&page_size=5');
    expect(list.status).toBe(200);
    check('GET', '/products', list);
    const count = await api.http.get('/products/count?sku__in=' + encodeURIComponent(created.body.sku));
    expect(count.body).toEqual({ count: 1 });
    check('GET', '/products/count', count);

    const replaced = await api.http.put(`/products/${id}`).send(productBody({ sku: created.body.sku }));
    expect(replaced.status).toBe(200);
    check('PUT', '/products/{id}', replaced);
    const patched = await api.http.patch(`/products/${id}`).send({ stock: 7 });
    expect(patched.status).toBe(200);
    check('PATCH', '/products/{id}', patched);
    const deleted = await api.http.delete(`/products/${id}`);
    expect(deleted.status).toBe(204);
    check('DELETE', '/products/{id}', deleted);
  });

  it('errors: every one in the one documented shape, under a documented status and code', async () => {
    const existing = (await api.http.post('/products').send(productBody())).body as { sku: string };
    const missing = randomUUID();
    const cases: Array<[string, string, () => Promise<RealResponse>, number, string]> = [
      ['GET', '/products', () => api.http.get('/products?price__contains=1'), 400, 'invalid_query'],
      ['GET', '/products/count', () => api.http.get('/products/count?colour=red'), 400, 'invalid_query'],
      ['GET', '/products/{id}', () => api.http.get('/products/not-a-uuid'), 400, 'invalid_id'],
      ['GET', '/products/{id}', () => api.http.get(`/products/${missing}`), 404, 'not_found'],
      ['POST', '/products', () => api.http.post('/products').send({ name: '' }), 400, 'invalid_body'],
      ['POST', '/products', () => api.http.post('/products').set('content-type', 'application/json').send('{"name":'), 400, 'invalid_json'],
      ['POST', '/products', () => api.http.post('/products').set('content-type', 'text/plain').send('lamp'), 415, 'unsupported_media_type'],
      ['POST', '/products', () => api.http.post('/products').send({ name: 'x'.repeat(1_100_000) }), 413, 'payload_too_large'],
      ['POST', '/products', () => api.http.post('/products').send(productBody({ sku: existing.sku })), 409, 'duplicate_sku'],
      ['PUT', '/products/{id}', () => api.http.put(`/products/${missing}`).send(productBody()), 404, 'not_found'],
      ['PATCH', '/products/{id}', () => api.http.patch('/products/42').send({ stock: 1 }), 400, 'invalid_id'],
      ['PATCH', '/products/{id}', () => api.http.patch(`/products/${missing}`).send({ stock: -1 }), 400, 'invalid_body'],
      ['DELETE', '/products/{id}', () => api.http.delete(`/products/${missing}`), 404, 'not_found'],
    ];
    for (const [method, path, send, status, code] of cases) {
      const res = await send();
      expect({ method, path, status: res.status, code: (res.body as { error?: { code?: string } }).error?.code }).toEqual({ method, path, status, code });
      check(method, path, res);
    }
  });

  it('the check is real: an undocumented status, media type or body shape fails', () => {
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(() => check('GET', '/healthz', { status: 418, headers: json, body: {} })).toThrow('answered 418, which is not documented');
    expect(() => check('GET', '/healthz', { status: 200, headers: { 'content-type': 'text/html' }, body: {} })).toThrow('content-type text/html is not documented');
    expect(() => check('GET', '/healthz', { status: 200, headers: json, body: { status: 'ok', extra: 1 } })).toThrow('does not match the documented schema');
    expect(() => check('GET', '/products/{id}', { status: 404, headers: json, body: { error: { code: 'gone', message: 'x' } } })).toThrow('does not match');
  });

  it('operations: healthz, readyz, cache stats and metrics', async () => {
    for (const path of ['/healthz', '/readyz', '/cache/stats', '/metrics']) {
      const res = await api.http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      check('GET', path, res);
    }
  });
});
