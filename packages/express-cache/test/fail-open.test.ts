import { InMemoryCache } from '@s3verless/cache';
import { FaultyCache } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheEvent } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

describe('fail-open: a broken or slow backend never breaks a request', () => {
  let server: TestServer;
  let backend: FaultyCache;
  let events: ResponseCacheEvent[];
  let runs: number;

  beforeEach(async () => {
    backend = new FaultyCache(new InMemoryCache());
    events = [];
    runs = 0;
    server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: backend, backendTimeout: 20, onEvent: (e) => events.push(e) }));
      app.get('/x', (_req, res) => res.json({ runs: ++runs }));
    });
  });
  afterEach(() => server.close());

  it('serves from the route when reads and writes throw, and counts the errors', async () => {
    backend.failWith(new Error('ECONNREFUSED'));
    const first = await server.http.get('/x');
    const second = await server.http.get('/x');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual({ runs: 2 });
    const errors = events.filter((e) => e.type === 'error');
    // Without the backend's lease nothing is stored (a fill without one could be stale).
    expect(errors.map((e) => e.reason)).toEqual(['get', 'lease', 'get', 'lease']);
    expect((errors[0].error as Error).message).toBe('ECONNREFUSED');
  });

  it('serves from the route when only the write (the lease fill) throws, and counts it', async () => {
    backend.failWith(new Error('OOM command not allowed'), ['set']);
    const first = await server.http.get('/x');
    expect(first.status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.filter((e) => e.type === 'error').map((e) => e.reason)).toEqual(['set']);
    expect(await backend.inner.exists('response:/x:')).toBe(false);
    expect((await server.http.get('/x')).body).toEqual({ runs: 2 });
  });

  it('treats a backend that does not answer within backendTimeout as a miss, not a hang', async () => {
    backend.delayBy(60_000, ['get']);
    const res = await server.http.get('/x');
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(events.find((e) => e.type === 'error')?.error).toMatchObject({ name: 'CacheTimeoutError' });
  });

  it('uses the backend again once it recovers', async () => {
    backend.failWith(new Error('down'));
    await server.http.get('/x');
    backend.heal();
    await server.http.get('/x');
    expect((await server.http.get('/x')).headers['x-cache']).toBe('HIT');
  });

  it('ignores an entry it cannot understand (another version, foreign data)', async () => {
    await backend.inner.set('response:/x:', { something: 'else' });
    const res = await server.http.get('/x');
    expect(res.headers['x-cache']).toBe('MISS');
    expect(res.status).toBe(200);
  });

  it('survives an onEvent hook that throws', async () => {
    const noisy = await startServer((app) => {
      app.use(cacheMiddleware({ onEvent: () => { throw new Error('observer bug'); } }));
      app.get('/y', (_req, res) => res.json({ ok: true }));
    });
    try {
      expect((await noisy.http.get('/y')).status).toBe(200);
      expect((await noisy.http.get('/y')).headers['x-cache']).toBe('HIT');
    } finally {
      await noisy.close();
    }
  });
});
