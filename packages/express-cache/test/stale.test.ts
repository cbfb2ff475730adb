import { LRUCache } from '@s3verless/cache';
import { deferred, type Deferred, ManualClock } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

describe('stale-while-revalidate and stale-if-error', () => {
  let server: TestServer;
  let clock: ManualClock;
  let version: number;
  let mode: 'ok' | 'fail-500' | 'throw';
  let gate: Deferred<void> | undefined;
  let runs: number;
  let responses: ResponseCacheMiddleware;

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    version = 1;
    mode = 'ok';
    gate = undefined;
    runs = 0;
    responses = cacheMiddleware({
      cache: new LRUCache({ clock }),
      clock,
      ttl: 10,
      staleWhileRevalidate: 30,
      staleIfError: 300,
    });
    server = await startServer((app) => {
      app.use(responses);
      app.get('/data', async (_req, res, next) => {
        runs++;
        if (gate) await gate.promise;
        if (mode === 'fail-500') return void res.status(500).json({ error: 'S3 down' });
        if (mode === 'throw') return next(new Error('boom'));
        res.json({ version });
      });
    });
  });
  afterEach(() => server.close());

  const fire = (path = '/data') => server.http.get(path).then((r) => r);

  it('within the window: the first request refreshes (and waits), concurrent ones get the stale copy', async () => {
    await fire();
    version = 2;
    clock.advanceSeconds(15); // stale for 5 s, inside the 30 s window
    gate = deferred();
    const refresher = fire();
    while (runs < 2) await new Promise((resolve) => setImmediate(resolve));
    const concurrent = await fire();
    expect(concurrent.headers['x-cache']).toBe('STALE');
    expect(concurrent.body).toEqual({ version: 1 });
    expect(concurrent.headers['cache-status']).toBe('s3verless; hit; ttl=-5; detail="stale-while-revalidate"');
    gate.resolve();
    const refreshed = await refresher;
    expect(refreshed.headers['x-cache']).toBe('MISS');
    expect(refreshed.headers['cache-status']).toBe('s3verless; fwd=stale; stored');
    expect(refreshed.body).toEqual({ version: 2 });
    const after = await fire();
    expect(after.headers['x-cache']).toBe('HIT');
    expect(after.body).toEqual({ version: 2 });
    expect(runs).toBe(2);
  });

  it('past the window, a stale copy is not served while revalidating', async () => {
    await fire();
    version = 2;
    clock.advanceSeconds(10 + 31);
    const res = await fire();
    expect(res.headers['x-cache']).toBe('MISS');
    expect(res.body).toEqual({ version: 2 });
  });

  it.each(['fail-500', 'throw'] as const)('serves the stale copy when the route answers 5xx (%s)', async (failure) => {
    await fire();
    clock.advanceSeconds(100); // past SWR, inside stale-if-error
    mode = failure;
    const res = await fire();
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('STALE');
    expect(res.headers['cache-status']).toBe('s3verless; hit; ttl=-90; detail="stale-if-error"');
    expect(res.headers.age).toBe('100');
    expect(res.body).toEqual({ version: 1 });
  });

  it('does not serve a stale copy for an error past staleIfError', async () => {
    await fire();
    clock.advanceSeconds(10 + 301);
    mode = 'fail-500';
    const res = await fire();
    expect(res.status).toBe(500);
  });

  it('never serves an invalidated entry stale', async () => {
    await fire();
    clock.advanceSeconds(15);
    await responses.invalidate(responses.pathPattern('/data'));
    mode = 'fail-500';
    const res = await fire();
    expect(res.status).toBe(500);
    expect(res.headers['x-cache']).toBe('MISS');
  });
});
