import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

/**
 * While the route produces a response to store, the client's validators and
 * Accept-Encoding are hidden from it in every view of the request headers
 * (`headers`, `headersDistinct`, `rawHeaders`: a proxying route reads the
 * last two), and put back before anything is sent.
 */
describe.each([
  ['ttl', () => cacheMiddleware({ cache: new LRUCache() })],
  ['http', () => cacheMiddleware({ policy: 'http', cache: new LRUCache() })],
] as const)("request headers hidden from the route (policy '%s')", (_policy, build) => {
  let server: TestServer;
  const seen: Array<{ headers: unknown; distinct: unknown; raw: string[] }> = [];
  const afterwards: unknown[] = [];
  beforeAll(async () => {
    server = await startServer((app) => {
      app.use(build());
      app.get('/page', (req, res) => {
        seen.push({
          headers: [req.headers['if-none-match'], req.headers['accept-encoding']],
          distinct: [req.headersDistinct['if-none-match'], req.headersDistinct['accept-encoding']],
          raw: req.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()),
        });
        res.on('finish', () => afterwards.push(req.headersDistinct['if-none-match']));
        res.set('cache-control', 'public, max-age=60').json({ ok: true });
      });
    });
  });
  afterAll(() => server.close());

  it('on a miss, the route sees no If-None-Match or Accept-Encoding in headers, headersDistinct or rawHeaders', async () => {
    const res = await server.http.get('/page').set('if-none-match', '"stale-tag"').set('accept-encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers).toEqual([undefined, undefined]);
    expect(seen[0].distinct).toEqual([undefined, undefined]);
    expect(seen[0].raw).not.toContain('if-none-match');
    expect(seen[0].raw).not.toContain('accept-encoding');
    // Put back once the response is out.
    expect(afterwards).toEqual([['"stale-tag"']]);
  });
});
