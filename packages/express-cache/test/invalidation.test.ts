import express from 'express';
import { InMemoryCache, LRUCache } from '@s3verless/cache';
import { deferred, type Deferred, FaultyCache } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** A tiny "database" and API: GET reads (the next read can be paused after reading), PUT writes. */
describe('invalidation that cannot lose a race', () => {
  let server: TestServer;
  let responses: ResponseCacheMiddleware;
  let db: { value: string };
  let pauseNextRead: Deferred<void> | undefined;
  let reads: number;
  let putRuns: number;

  async function start(cache = new LRUCache() as LRUCache | FaultyCache): Promise<void> {
    responses = cacheMiddleware({ cache, backendTimeout: 60_000 });
    server = await startServer((app) => {
      app.use(express.json());
      app.use(responses);
      app.get('/items', async (_req, res) => {
        const value = db.value; // read first ...
        reads++;
        const pause = pauseNextRead;
        pauseNextRead = undefined;
        if (pause) await pause.promise; // ... answer later
        res.json({ value });
      });
      app.put('/items', responses.invalidateAfter(responses.pathPattern('/items')), (req, res) => {
        putRuns++;
        if (typeof req.body?.value !== 'string') return void res.status(400).json({ error: 'value required' });
        db.value = req.body.value;
        res.json({ value: db.value });
      });
    });
  }

  beforeEach(() => {
    db = { value: 'old' };
    pauseNextRead = undefined;
    reads = 0;
    putRuns = 0;
  });
  afterEach(() => server.close());

  const fire = (path: string) => server.http.get(path).then((r) => r);

  it('after a write response, GETs see the new data', async () => {
    await start();
    expect((await fire('/items')).body).toEqual({ value: 'old' });
    expect((await fire('/items')).headers['x-cache']).toBe('HIT');
    const put = await server.http.put('/items').send({ value: 'new' });
    expect(put.status).toBe(200);
    const after = await fire('/items');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body).toEqual({ value: 'new' });
  });

  it('a slow GET that read the old data before the write neither stores it nor shares it after the write', async () => {
    await start();
    const paused = deferred();
    pauseNextRead = paused;
    const slowGet = fire('/items?page=1');
    await until(() => reads === 1); // it has read "old" and is paused
    expect((await server.http.put('/items').send({ value: 'new' })).status).toBe(200);

    // The write's response has reached the client: a GET now must not join the
    // slow one (old data); it runs the route itself.
    const fresh = await fire('/items?page=1');
    expect(fresh.body).toEqual({ value: 'new' });

    paused.resolve();
    expect((await slowGet).body).toEqual({ value: 'old' }); // it began before the write: fine
    expect((await slowGet).headers['cache-status']).toBe('s3verless; fwd=miss; detail="invalidated"');
    const later = await fire('/items?page=1');
    expect(later.body).toEqual({ value: 'new' });
    expect(later.headers['x-cache']).toBe('HIT');
  });

  it('the same holds when the invalidation is called by hand inside the write route', async () => {
    await start();
    const paused = deferred();
    pauseNextRead = paused;
    const slowGet = fire('/items');
    await until(() => reads === 1);
    db.value = 'new';
    await responses.invalidate(['response:/items*']);
    paused.resolve();
    await slowGet;
    expect((await fire('/items')).body).toEqual({ value: 'new' });
  });

  it('holds the write response until the invalidation is done', async () => {
    const slow = new FaultyCache(new InMemoryCache());
    await start(slow);
    await fire('/items');
    slow.delayBy(1, ['deletePattern']);
    let invalidated = false;
    const realDeletePattern = slow.inner.deletePattern.bind(slow.inner);
    jest.spyOn(slow.inner, 'deletePattern').mockImplementation(async (pattern) => {
      const n = await realDeletePattern(pattern);
      invalidated = true;
      return n;
    });
    const put = await server.http.put('/items').send({ value: 'new' });
    expect(invalidated).toBe(true);
    expect(put.body).toEqual({ value: 'new' });
  });

  it('does not invalidate after a 4xx', async () => {
    await start();
    await fire('/items');
    const bad = await server.http.put('/items').send({});
    expect(bad.status).toBe(400);
    expect((await fire('/items')).headers['x-cache']).toBe('HIT');
    expect(responses.stats().invalidations).toBe(0);
  });

  it('answers 503 (not a false success) when the invalidation fails', async () => {
    const broken = new FaultyCache(new InMemoryCache());
    await start(broken);
    broken.failWith(new Error('redis down'), ['deletePattern']);
    const put = await server.http.put('/items').send({ value: 'new' });
    expect(put.status).toBe(503);
    expect(put.body.error.code).toBe('cache_invalidation_failed');
    expect(putRuns).toBe(1);
    expect(db.value).toBe('new');
  });

  it('invalidate() reports how many entries it removed and validates patterns', async () => {
    await start();
    await fire('/items');
    await fire('/items?a=1');
    expect(await responses.invalidate(responses.pathPattern('/items'))).toBe(2);
    await expect(responses.invalidate(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('pathPattern', () => {
  it('matches the path and everything below it, with glob characters escaped', () => {
    const middleware = cacheMiddleware();
    expect(middleware.pathPattern('/a*b?[c]')).toBe('response:/a[*]b[?][[]c]*');
  });
});

describe('instances sharing one backend share their leases', () => {
  it('an invalidation through one instance stops a stale store in another', async () => {
    const cache = new LRUCache();
    const reader = cacheMiddleware({ cache });
    const writer = cacheMiddleware({ cache });
    let value = 'old';
    const paused = deferred();
    let reads = 0;
    const server = await startServer((app) => {
      app.get('/v', reader, async (_req, res) => {
        const seen = value;
        reads++;
        await paused.promise;
        res.json({ seen });
      });
    });
    try {
      const slow = server.http.get('/v').then((r) => r);
      await until(() => reads === 1);
      value = 'new';
      await writer.invalidate('response:/v*');
      paused.resolve();
      await slow;
      expect(await cache.exists('response:/v:')).toBe(false);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['delete', (cache: LRUCache) => cache.delete('response:/v:')],
    ['deletePattern', (cache: LRUCache) => cache.deletePattern('response:*')],
    ['clear', (cache: LRUCache) => cache.clear()],
    ['set (a newer entry)', (cache: LRUCache) => cache.set('response:/v:', 'newer')],
  ])('a %s on the backend itself (another process, for a shared backend) stops a stale store', async (_name, touch) => {
    const cache = new LRUCache();
    let value = 'old';
    const paused = deferred();
    let reads = 0;
    const events: string[] = [];
    const server = await startServer((app) => {
      app.get('/v', cacheMiddleware({ cache, onEvent: (e) => events.push(`${e.type}:${e.reason ?? ''}`) }), async (_req, res) => {
        const seen = value;
        reads++;
        await paused.promise;
        res.json({ seen });
      });
    });
    try {
      const slow = server.http.get('/v').then((r) => r);
      await until(() => reads === 1);
      value = 'new';
      await touch(cache);
      paused.resolve();
      expect((await slow).body).toEqual({ seen: 'old' });
      await until(() => events.some((e) => e.startsWith('not-stored')));
      expect(events).toContain('not-stored:invalidated');
      expect(await cache.get('response:/v:')).not.toEqual(expect.objectContaining({ status: 200 }));
    } finally {
      await server.close();
    }
  });
});
