/**
 * Issue 10, observed items 5 and 8: what a hostile or sloppy client gets. Each case answers in the
 * error shape with the right status, and nothing floods the error log.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';
import { rawRequest, type RawResponse } from '../helpers/raw-http';

/** A pino logger at `info` whose lines the test reads. */
function captureLogs(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

const errorCode = (res: RawResponse): unknown => (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;

describe('API hardening (issue 10)', () => {
  let api: ApiFixture;
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(async () => {
    logs = captureLogs();
    api = await startApiFixture({ logger: logs.logger });
  });
  afterAll(() => api.close());

  describe('malformed percent-escapes in a path parameter', () => {
    it.each(['/products/%ZZ', '/products/%', '/products/abc%E0%A4%A'])(
      'GET %s answers 400 invalid_id in the error shape, with one warn line and no stack',
      async (target) => {
        const before = logs.lines().length;
        const res = await rawRequest(api.url, `GET ${target} HTTP/1.1`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(errorCode(res)).toBe('invalid_id');
        const lines = logs.lines().slice(before);
        expect(lines.map((line) => line.level)).toEqual([40]);
        expect(JSON.stringify(lines)).not.toMatch(/stack|URIError/);
      },
    );

    it('DELETE, PUT and PATCH with a malformed escape are a 400 invalid_id too (no 500, no S3 call)', async () => {
      const sent = api.requests.total;
      for (const method of ['DELETE', 'PUT', 'PATCH']) {
        const res = await rawRequest(api.url, `${method} /products/%ZZ HTTP/1.1\r\nContent-Type: application/json`, '{}');
        expect({ method, status: res.status, code: errorCode(res) }).toEqual({ method, status: 400, code: 'invalid_id' });
      }
      expect(api.requests.total).toBe(sent);
    });
  });

  describe('OPTIONS and methods a path does not take', () => {
    const id = randomUUID();
    it.each([
      ['/products', 'GET, HEAD, POST, OPTIONS'],
      ['/products/count', 'GET, HEAD, OPTIONS'],
      [`/products/${id}`, 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS'],
      ['/healthz', 'GET, HEAD, OPTIONS'],
      ['/metrics', 'GET, HEAD, OPTIONS'],
      ['/openapi.json', 'GET, HEAD, OPTIONS'],
    ])('OPTIONS %s answers 204 with Allow: %s and no body', async (path, allow) => {
      const res = await api.http.options(path);
      expect(res.status).toBe(204);
      expect(res.headers.allow).toBe(allow);
      expect(res.text).toBe('');
    });

    it.each([
      ['DELETE', '/products', 'GET, HEAD, POST, OPTIONS'],
      ['PUT', '/products', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/products/count', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/products/count', 'GET, HEAD, OPTIONS'],
      ['POST', `/products/${id}`, 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS'],
      ['POST', '/healthz', 'GET, HEAD, OPTIONS'],
    ])('%s %s answers 405 with Allow: %s, in the error shape', async (method, path, allow) => {
      const res = await api.http[method.toLowerCase() as 'delete' | 'put' | 'post'](path);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.body).toEqual({ error: { code: 'method_not_allowed', message: `${method} is not allowed on this path; allowed: ${allow}.` } });
    });

    it('HEAD still answers like GET, and an unknown path is still a 404', async () => {
      expect((await api.http.head('/healthz')).status).toBe(200);
      const unknown = await api.http.delete('/nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
    });
  });

  describe('errors Node answers before the app (clientError)', () => {
    it('headers larger than Node accepts: 431 in the error shape (Node alone sends an empty body)', async () => {
      const res = await rawRequest(api.url, `GET /products HTTP/1.1\r\nX-Junk: ${'a'.repeat(20_000)}`);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
    });

    it('a request that is not HTTP: 400 bad_request in the error shape', async () => {
      const res = await rawRequest(api.url, 'GET /products HTTP/1.1\r\nBad Header Line');
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('bad_request');
    });

    it('chunk extensions larger than Node accepts: 413 payload_too_large in the error shape', async () => {
      const head = 'POST /products HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked';
      const res = await rawRequest(api.url, head, `1;${'x'.repeat(20_000)}\r\n{\r\n0\r\n\r\n`);
      expect(res.status).toBe(413);
      expect(errorCode(res)).toBe('payload_too_large');
    });
  });

  describe('body encoding', () => {
    it('invalid UTF-8 in a JSON body is a 400 invalid_json (not stored with U+FFFD)', async () => {
      const json = JSON.stringify(productBody({ name: 'Lamp XX' }));
      const bytes = Buffer.from(json);
      const at = bytes.indexOf('XX');
      bytes[at] = 0xff;
      bytes[at + 1] = 0xfe;
      const res = await rawRequest(api.url, 'POST /products HTTP/1.1\r\nContent-Type: application/json', bytes);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid UTF-8.' } });
    });

    it('charset=utf-16 is a 415 unsupported_media_type; utf-8 (any case) is accepted', async () => {
      const json = JSON.stringify(productBody());
      const utf16 = await rawRequest(api.url, 'POST /products HTTP/1.1\r\nContent-Type: application/json; charset=utf-16', Buffer.from(`\ufeff${json}`, 'utf16le'));
      expect(utf16.status).toBe(415);
      expect(errorCode(utf16)).toBe('unsupported_media_type');
      const utf8 = await rawRequest(api.url, 'POST /products HTTP/1.1\r\nContent-Type: application/json; charset=UTF-8', JSON.stringify(productBody()));
      expect(utf8.status).toBe(201);
    });
  });

  it('X-Content-Type-Options: nosniff on every response: data, errors, OPTIONS, metrics and docs', async () => {
    const requests: Array<[string, string, () => PromiseLike<{ headers: Record<string, string> }>]> = [
      ['GET', '/healthz', () => api.http.get('/healthz')],
      ['GET', '/products', () => api.http.get('/products')],
      ['GET', '/products (from the response cache)', () => api.http.get('/products')],
      ['GET', '/products/{missing}', () => api.http.get(`/products/${randomUUID()}`)],
      ['GET', '/products/not-a-uuid', () => api.http.get('/products/not-a-uuid')],
      ['DELETE', '/products', () => api.http.delete('/products')],
      ['OPTIONS', '/products', () => api.http.options('/products')],
      ['GET', '/metrics', () => api.http.get('/metrics')],
      ['GET', '/openapi.json', () => api.http.get('/openapi.json')],
      ['GET', '/docs', () => api.http.get('/docs')],
      ['GET', '/nope', () => api.http.get('/nope')],
      ['POST', '/products (bad JSON)', () => api.http.post('/products').set('content-type', 'application/json').send('{"name":')],
    ];
    for (const [method, path, send] of requests) {
      const res = await send();
      if (path.includes('response cache')) expect(res.headers['x-cache']).toBe('HIT');
      expect({ method, path, nosniff: res.headers['x-content-type-options'] }).toEqual({ method, path, nosniff: 'nosniff' });
    }
  });
});
