import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware, normalizeQuery, requestKey } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

describe('default keys', () => {
  it('use the guide format response:{path}:{query}', () => {
    expect(requestKey('/products', 'response', 512)).toBe('response:/products:');
    expect(requestKey('/products?b=2&a=1', 'response', 512)).toBe('response:/products:a=1&b=2');
  });

  it('give one key for the same parameters in any order', () => {
    expect(normalizeQuery('b=2&a=1&c=3')).toBe(normalizeQuery('c=3&a=1&b=2'));
  });

  it('keep the order of the values of a repeated parameter', () => {
    expect(normalizeQuery('a=1&a=2')).toBe('a=1&a=2');
    expect(normalizeQuery('a=2&a=1')).toBe('a=2&a=1');
    expect(normalizeQuery('a=1&b=x&a=2')).toBe('a=1&a=2&b=x');
  });

  it('normalise encodings the route cannot tell apart', () => {
    expect(normalizeQuery('q=a%20b')).toBe(normalizeQuery('q=a+b'));
    expect(normalizeQuery('q=%41')).toBe(normalizeQuery('q=A'));
    expect(normalizeQuery('flag')).toBe(normalizeQuery('flag='));
    expect(normalizeQuery('&&a=1&')).toBe('a=1');
    expect(normalizeQuery('bad=%E0%A4%A')).toBe('bad=%25E0%25A4%25A');
  });

  it('stay bounded for very long URLs, keeping the path when it fits', () => {
    const longQuery = `/products?${'x'.repeat(5000)}=1`;
    const key = requestKey(longQuery, 'response', 512);
    expect(key.length).toBeLessThanOrEqual(512);
    expect(key.startsWith('response:/products:#')).toBe(true);
    expect(requestKey(`/products?${'x'.repeat(5000)}=2`, 'response', 512)).not.toBe(key);
    const longPath = `/${'p'.repeat(3000)}?a=1`;
    const hashed = requestKey(longPath, 'response', 512);
    expect(hashed).toMatch(/^response:#[A-Za-z0-9_-]{43}$/);
  });
});

describe('keys through the middleware', () => {
  let server: TestServer;
  let runs = 0;
  beforeAll(async () => {
    const custom = cacheMiddleware({
      cache: new LRUCache(),
      key: (req) => (req.query.nocache === undefined ? `custom:${req.path}` : undefined),
    });
    server = await startServer((app) => {
      app.get('/q', cacheMiddleware({ cache: new LRUCache() }), (req, res) => {
        runs++;
        res.json({ query: req.query, runs });
      });
      app.get('/custom', custom, (_req, res) => {
        runs++;
        res.json({ runs });
      });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    runs = 0;
  });

  it('shares an entry between parameter orders', async () => {
    await server.http.get('/q?a=1&b=2');
    const hit = await server.http.get('/q?b=2&a=1');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(runs).toBe(1);
  });

  it('keeps repeated-parameter orders apart', async () => {
    await server.http.get('/q?a=1&a=2');
    const other = await server.http.get('/q?a=2&a=1');
    expect(other.headers['x-cache']).toBe('MISS');
    expect(other.body.query).toEqual({ a: ['2', '1'] });
  });

  it('uses a key function, and bypasses when it returns undefined', async () => {
    await server.http.get('/custom?x=1');
    expect((await server.http.get('/custom?x=2')).headers['x-cache']).toBe('HIT');
    const bypass = await server.http.get('/custom?nocache=1');
    expect(bypass.headers['x-cache']).toBe('BYPASS');
    expect(bypass.headers['cache-status']).toBe('s3verless; fwd=bypass; detail="key"');
  });
});
