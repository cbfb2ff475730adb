import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware } from '@s3verless/express-cache';
import { ifNoneMatchMatches, isNotModified, parseEntityTagList } from '../src/http/conditional';
import { startServer, type TestServer } from './helpers/server';

describe('If-None-Match evaluation (RFC 9110)', () => {
  it('parses lists, with commas inside quotes', () => {
    expect(parseEntityTagList('"a", W/"b",  "c,d"')).toEqual(['"a"', 'W/"b"', '"c,d"']);
  });

  it.each([
    ['"x"', '"x"', true],
    ['W/"x"', '"x"', true],
    ['"x"', 'W/"x"', true],
    ['"a", "x"', '"x"', true],
    ['"a", "b"', '"x"', false],
    ['*', '"anything"', true],
    ['"x"', undefined, false],
  ])('%s vs %s -> %s (weak comparison)', (header, etag, expected) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(expected);
  });

  it('prefers If-None-Match over If-Modified-Since', () => {
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    expect(isNotModified({ 'if-modified-since': lastModified }, '"x"', lastModified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"y"', 'if-modified-since': lastModified }, '"x"', lastModified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'Tue, 31 Dec 2024 00:00:00 GMT' }, '"x"', lastModified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'garbage' }, '"x"', lastModified)).toBe(false);
  });
});

describe('ETag and 304 through the middleware', () => {
  let server: TestServer;
  let runs = 0;
  beforeAll(async () => {
    server = await startServer((app) => {
      app.set('etag', false); // so the cache computes its own strong ETag
      app.use(cacheMiddleware({ cache: new LRUCache() }));
      app.get('/no-etag', (_req, res) => res.json({ runs: ++runs }));
      app.get('/route-etag', (_req, res) => res.set('etag', '"v1"').json({ runs: ++runs }));
      app.get('/last-modified', (_req, res) => res.set('last-modified', 'Wed, 01 Jan 2025 00:00:00 GMT').json({ runs: ++runs }));
      app.get('/uncacheable', (_req, res) => res.set('etag', '"u1"').set('cache-control', 'private').json({ runs: ++runs }));
    });
  });
  afterAll(() => server.close());

  it('adds a strong ETag computed from the body when the route set none, and keeps it on hits', async () => {
    const miss = await server.http.get('/no-etag');
    expect(miss.headers.etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9_-]{27}"$/);
    const hit = await server.http.get('/no-etag');
    expect(hit.headers.etag).toBe(miss.headers.etag);
  });

  it("keeps the route's own ETag", async () => {
    const miss = await server.http.get('/route-etag');
    expect(miss.headers.etag).toBe('"v1"');
    expect((await server.http.get('/route-etag')).headers.etag).toBe('"v1"');
  });

  it('answers 304 to a matching If-None-Match on a hit, without a body', async () => {
    const miss = await server.http.get('/no-etag?c=1');
    const res = await server.http.get('/no-etag?c=1').set('if-none-match', `"zzz", W/${miss.headers.etag}`);
    expect(res.status).toBe(304);
    expect(res.headers['x-cache']).toBe('HIT');
    expect(res.headers.etag).toBe(miss.headers.etag);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.text ?? '').toBe('');
  });

  it('answers 304 on the miss itself, and still stores the full response', async () => {
    const before = runs;
    await server.http.get('/route-etag?m=1'); // learn nothing: tags are fixed here
    await server.http.get('/route-etag?m=1'); // hit
    const conditionalMiss = await server.http.get('/route-etag?m=2').set('if-none-match', '"v1"');
    expect(conditionalMiss.status).toBe(304);
    expect(conditionalMiss.headers['x-cache']).toBe('MISS');
    const full = await server.http.get('/route-etag?m=2');
    expect(full.status).toBe(200);
    expect(full.headers['x-cache']).toBe('HIT');
    expect(full.body.runs).toBe(before + 2);
  });

  it('answers 200 with the body when If-None-Match does not match', async () => {
    await server.http.get('/route-etag?n=1');
    const res = await server.http.get('/route-etag?n=1').set('if-none-match', '"v0"');
    expect(res.status).toBe(200);
    expect(res.body.runs).toBeGreaterThan(0);
  });

  it('honours If-Modified-Since when there is no If-None-Match', async () => {
    await server.http.get('/last-modified');
    const res = await server.http.get('/last-modified').set('if-modified-since', 'Thu, 02 Jan 2025 00:00:00 GMT');
    expect(res.status).toBe(304);
  });

  it('still answers 304 for a response it does not store', async () => {
    const res = await server.http.get('/uncacheable').set('if-none-match', '"u1"');
    expect(res.status).toBe(304);
    expect(res.headers['x-cache']).toBe('MISS');
  });
});
