import { LRUCache } from '@s3verless/cache';
import { deferred } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheEvent, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { startServer, type TestServer } from './helpers/server';

describe('stats() and onEvent', () => {
  let server: TestServer;
  let responses: ResponseCacheMiddleware;
  let events: ResponseCacheEvent[];
  let gate = deferred();

  beforeAll(async () => {
    events = [];
    responses = cacheMiddleware({ cache: new LRUCache(), onEvent: (event) => events.push(event) });
    server = await startServer((app) => {
      app.use(responses);
      app.get('/a', (_req, res) => res.json({ a: 1 }));
      app.get('/private', (_req, res) => res.set('cache-control', 'private').json({}));
      app.get('/slow', async (_req, res) => {
        await gate.promise;
        res.json({ slow: true });
      });
    });
  });
  afterAll(() => server.close());

  it('counts every outcome and reports each as an event', async () => {
    await server.http.get('/a'); // miss + stored
    await server.http.get('/a'); // hit
    await server.http.get('/a').set('authorization', 'x'); // bypass
    await server.http.get('/private'); // miss + not-stored
    gate = deferred();
    const requests = [server.http.get('/slow').then((r) => r), server.http.get('/slow').then((r) => r)];
    while (events.filter((e) => e.key === 'response:/slow:').length < 1) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    gate.resolve();
    await Promise.all(requests);
    await responses.invalidate('response:/a*');
    const stats = responses.stats();
    expect(stats).toEqual({
      hits: 1, stale: 0, misses: 3, coalesced: 1, bypasses: 1, stored: 2, notStored: 1, errors: 0, invalidations: 1,
    });
    expect(events).toContainEqual({ type: 'hit', key: 'response:/a:', reason: undefined, error: undefined });
    expect(events).toContainEqual({ type: 'bypass', key: undefined, reason: 'authenticated', error: undefined });
    expect(events).toContainEqual({ type: 'not-stored', key: 'response:/private:', reason: 'private', error: undefined });
    expect(events).toContainEqual({ type: 'coalesced', key: 'response:/slow:', reason: undefined, error: undefined });
    expect(events).toContainEqual({ type: 'invalidated', key: undefined, reason: 'response:/a*', error: undefined });
  });
});
