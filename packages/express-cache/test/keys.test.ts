import type { Request } from 'express';
import { LRUCache } from '@s3verless/cache';
import { canonicalQuery, cacheMiddleware, requestKey } from '@s3verless/express-cache';
import { expressMajor, startServer, type TestServer } from './helpers/server';

const format = { prefix: 'response', maxLength: 512 };
const keyOf = (target: string, parser: 'simple' | 'extended' | 'opaque' = 'simple'): string | undefined => {
  const decision = requestKey(target, { ...format, parser });
  return decision.kind === 'key' ? decision.key : undefined;
};

describe('default keys', () => {
  it('use the guide format response:{path}:{query}', () => {
    expect(keyOf('/products')).toBe('response:/products:');
    expect(keyOf('/products?b=2&a=1')).toBe('response:/products:a=1&b=2');
  });

  it('give one key for the same parameters in any order (simple parser)', () => {
    expect(canonicalQuery('b=2&a=1&c=3')).toBe(canonicalQuery('c=3&a=1&b=2'));
  });

  it('keep the order of the values of a repeated parameter', () => {
    expect(canonicalQuery('a=1&a=2')).toBe('a=1&a=2');
    expect(canonicalQuery('a=2&a=1')).toBe('a=2&a=1');
    expect(canonicalQuery('a=1&b=x&a=2')).toBe('a=1&a=2&b=x');
  });

  it('keep the order of distinct names for the extended parser (qs merges in that order)', () => {
    expect(canonicalQuery('a[]=1&a=2', 'extended')).not.toBe(canonicalQuery('a=2&a[]=1', 'extended'));
    expect(canonicalQuery('b=1&a=2&b=3', 'extended')).toBe('b=1&b=3&a=2');
    // qs splits at "]=" (after reading %5D as "]"); node:querystring at the first "=".
    expect(canonicalQuery('a=b%5D=c', 'extended')).toBe('a%3Db%5D=c');
    expect(canonicalQuery('a=b%5D=c', 'simple')).toBe('a=b%5D%3Dc');
  });

  it('keep the query as sent for an unknown parser', () => {
    expect(canonicalQuery('b=2&a=%41+x:y|z', 'opaque')).toBe('b=2&a=%2541+x%3Ay%7Cz');
  });

  it('normalise encodings the route cannot tell apart', () => {
    expect(canonicalQuery('q=a%20b')).toBe(canonicalQuery('q=a+b'));
    expect(canonicalQuery('q=%41')).toBe(canonicalQuery('q=A'));
    expect(canonicalQuery('flag')).toBe(canonicalQuery('flag='));
    expect(canonicalQuery('&&a=1&')).toBe('a=1');
  });

  it('are not made for targets the parsers may read differently', () => {
    expect(requestKey('/p?q=C#x', format)).toEqual({ kind: 'bypass', reason: 'fragment' });
    expect(requestKey('/p?bad=%E0%A4%A', format)).toEqual({ kind: 'bypass', reason: 'malformed-escape' });
    expect(requestKey('/p?bad=%FF', format)).toEqual({ kind: 'bypass', reason: 'malformed-escape' });
    expect(requestKey('/p/%zz', format)).toEqual({ kind: 'bypass', reason: 'malformed-escape' });
    expect(requestKey(`/p?${'&'.repeat(1000)}a=1`, format)).toEqual({ kind: 'bypass', reason: 'too-many-parameters' });
    expect(requestKey(`/p?${'&'.repeat(999)}a=1`, format)).toEqual({ kind: 'key', key: 'response:/p:a=1' });
    expect(requestKey('*', format)).toEqual({ kind: 'bypass', reason: 'target-form' });
  });

  it('start with the decoded, lower-cased path, and keep the exact path when it differs', () => {
    expect(keyOf('/Products/AbC?x=1')).toBe('response:/products/abc:x=1|/Products/AbC');
    expect(keyOf('/products/%41:b')).toBe('response:/products/a:b:|/products/%2541%3Ab');
    expect(keyOf('http://example.test/products/7?x=1')).toBe(keyOf('/products/7?x=1'));
  });

  it('stay bounded for very long URLs, keeping the path; a path too long is not cached', () => {
    const key = keyOf(`/products?${'x'.repeat(5000)}=1`) as string;
    expect(key.length).toBeLessThanOrEqual(512);
    expect(key.startsWith('response:/products:#')).toBe(true);
    expect(keyOf(`/products?${'x'.repeat(5000)}=2`)).not.toBe(key);
    expect(requestKey(`/${'p'.repeat(3000)}?a=1`, format)).toEqual({ kind: 'bypass', reason: 'key-length' });
  });
});

describe('keys through the middleware', () => {
  let server: TestServer;
  let runs = 0;
  beforeAll(async () => {
    const custom = cacheMiddleware({
      cache: new LRUCache(),
      key: (req: Request) => (req.query.nocache === undefined ? `custom:${req.path}` : undefined),
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

  it('shares an entry between parameter orders (Express 5); keeps them apart under Express 4\'s qs, whose req.query keeps the order', async () => {
    await server.http.get('/q?a=1&b=2');
    const hit = await server.http.get('/q?b=2&a=1');
    expect(hit.headers['x-cache']).toBe(expressMajor === 5 ? 'HIT' : 'MISS');
    expect(runs).toBe(expressMajor === 5 ? 1 : 2);
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
