import { LRUCache } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';
import { cacheMiddleware } from '@s3verless/express-cache';
import { rawBody, startServer, type TestServer } from './helpers/server';

describe('capture and replay', () => {
  let server: TestServer;
  let calls: Record<string, number>;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache({ clock }), clock, ttl: 60 }));
      const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
      app.get('/json', (_req, res) => {
        count('json');
        res.json({ n: calls.json, text: 'héllo 🌍' });
      });
      app.get('/send-text', (_req, res) => {
        count('send-text');
        res.type('text/plain').send(`text ${calls['send-text']}`);
      });
      app.get('/send-buffer', (_req, res) => {
        count('send-buffer');
        res.type('application/octet-stream').send(Buffer.from([0, 1, 2, 255, calls['send-buffer']]));
      });
      app.get('/write-end', (_req, res) => {
        count('write-end');
        res.setHeader('content-type', 'application/json');
        res.write('{"parts":[');
        res.write(Buffer.from('1,2,'));
        res.end(`${calls['write-end']}]}`);
      });
      app.get('/write-head', (_req, res) => {
        count('write-head');
        res.writeHead(200, { 'content-type': 'application/json', 'content-language': 'fr' });
        res.end(JSON.stringify({ n: calls['write-head'] }));
      });
      app.get('/status-json', (_req, res) => {
        count('status-json');
        res.status(200).set('last-modified', 'Wed, 01 Jan 2025 00:00:00 GMT').set('cache-control', 'public, max-age=30').json({ n: calls['status-json'] });
      });
      app.get('/with-extra-headers', (_req, res) => {
        count('extra');
        res.set('x-request-id', `req-${calls.extra}`).set('connection', 'keep-alive').json({ ok: true });
      });
      app.post('/json', (_req, res) => {
        count('post');
        res.json({ posted: calls.post });
      });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    calls = {};
  });

  it.each(['/json', '/send-text', '/send-buffer', '/write-end', '/write-head', '/status-json'])(
    '%s: the hit is byte-identical to the miss and the route runs once',
    async (path) => {
      const url = `${path}?unique=${Math.random()}`;
      const miss = await server.http.get(url).buffer(true).parse(rawBody);
      const hit = await server.http.get(url).buffer(true).parse(rawBody);
      expect(miss.status).toBe(200);
      expect(miss.headers['x-cache']).toBe('MISS');
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(Buffer.compare(hit.body as Buffer, miss.body as Buffer)).toBe(0);
      expect(hit.headers['content-type']).toBe(miss.headers['content-type']);
      expect(hit.headers['etag']).toBe(miss.headers['etag']);
      expect(hit.headers['content-length']).toBe(String((miss.body as Buffer).length));
      expect(Object.values(calls)).toEqual([1]);
    },
  );

  it('replays content headers and not per-response ones', async () => {
    const miss = await server.http.get('/status-json?h=1');
    const hit = await server.http.get('/status-json?h=1');
    expect(hit.headers['last-modified']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
    expect(hit.headers['cache-control']).toBe('public, max-age=30');
    expect(hit.body).toEqual(miss.body);
    await server.http.get('/with-extra-headers');
    const extra = await server.http.get('/with-extra-headers');
    expect(extra.headers['x-cache']).toBe('HIT');
    expect(extra.headers['x-request-id']).toBeUndefined();
  });

  it('keeps content-language set through writeHead', async () => {
    await server.http.get('/write-head?lang=1');
    const hit = await server.http.get('/write-head?lang=1');
    expect(hit.headers['content-language']).toBe('fr');
  });

  it('answers HEAD from the GET entry, without a body', async () => {
    const get = await server.http.get('/json?head=1');
    const head = await server.http.head('/json?head=1');
    expect(head.status).toBe(200);
    expect(head.headers['x-cache']).toBe('HIT');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.text ?? '').toBe('');
    expect(calls.json).toBe(1);
  });

  it('lets HEAD on a miss through without storing', async () => {
    const head = await server.http.head('/json?head-first=1');
    expect(head.headers['x-cache']).toBe('MISS');
    const get = await server.http.get('/json?head-first=1');
    expect(get.headers['x-cache']).toBe('MISS');
  });

  it('never reads or stores for other methods', async () => {
    await server.http.get('/json?m=1');
    const post = await server.http.post('/json?m=1');
    expect(post.headers['x-cache']).toBeUndefined();
    expect(post.body).toEqual({ posted: 1 });
    const post2 = await server.http.post('/json?m=1');
    expect(post2.body).toEqual({ posted: 2 });
  });

  it('sends Age on hits, growing with time', async () => {
    await server.http.get('/json?age=1');
    clock.advanceSeconds(42);
    const hit = await server.http.get('/json?age=1');
    expect(hit.headers['age']).toBe('42');
    expect(hit.headers['cache-status']).toBe('s3verless; hit; ttl=18');
  });
});
