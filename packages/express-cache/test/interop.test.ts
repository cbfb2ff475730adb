import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware } from '@s3verless/express-cache';
import { expressMajor, rawBody, rawGet, startServer, type TestServer } from './helpers/server';
import { gunzipSync } from 'node:zlib';

const bigJson = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `product ${i}`, price: i * 1.5 })) };

describe.each(['before', 'after'] as const)('with compression() mounted %s the cache', (order) => {
  let server: TestServer;
  let runs = 0;
  beforeAll(async () => {
    server = await startServer((app) => {
      const cache = cacheMiddleware({ cache: new LRUCache() });
      if (order === 'before') app.use(compression({ threshold: 0 }), cache);
      else app.use(cache, compression({ threshold: 0 }));
      app.get('/big', (_req, res) => {
        runs++;
        res.json(bigJson);
      });
    });
  });
  afterAll(() => server.close());

  it('stores the identity body and answers every client in an encoding it accepts', async () => {
    const gzipMiss = await rawGet(`${server.url}/big`, { 'accept-encoding': 'gzip' });
    const identityHit = await rawGet(`${server.url}/big`, { 'accept-encoding': 'identity' });
    const gzipHit = await rawGet(`${server.url}/big`, { 'accept-encoding': 'gzip' });
    expect(runs).toBe(1);
    expect(identityHit.headers['x-cache']).toBe('HIT');
    expect(identityHit.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(identityHit.body.toString())).toEqual(bigJson);
    for (const res of [gzipMiss, gzipHit]) {
      const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body).toString() : res.body.toString();
      expect(JSON.parse(text)).toEqual(bigJson);
    }
    // Mounted before, compression encodes hits too; mounted after, it never sees a hit (identity).
    expect(gzipHit.headers['content-encoding']).toBe(order === 'before' ? 'gzip' : undefined);
    expect(gzipMiss.headers['content-encoding']).toBe(order === 'before' ? 'gzip' : undefined);
  });
});

describe('with other Express features', () => {
  let server: TestServer;
  let runs: number;
  beforeAll(async () => {
    server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache() }));
      app.get('/redirect', (_req, res) => {
        runs++;
        res.redirect(301, '/target');
      });
      app.get('/throws', () => {
        runs++;
        throw new Error('route failed');
      });
      // Express 4 does not catch a rejected route (an unhandled rejection); Express 5 does.
      if (expressMajor === 5) {
        app.get('/async-throws', async () => {
          runs++;
          throw new Error('async route failed');
        });
      }
      app.get('/stream', (_req, res) => {
        runs++;
        res.type('text/plain');
        let i = 0;
        const tick = () => {
          if (i === 5) return void res.end('done');
          res.write(`chunk ${i++}\n`);
          setImmediate(tick);
        };
        tick();
      });
      app.get('/events', (_req, res) => {
        runs++;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        res.end('data: two\n\n');
      });
      app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).json({ error: error.message });
      });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    runs = 0;
  });

  it('passes redirects through and never stores them', async () => {
    const first = await server.http.get('/redirect').redirects(0);
    const second = await server.http.get('/redirect').redirects(0);
    expect([first.status, second.status]).toEqual([301, 301]);
    expect(second.headers.location).toBe('/target');
    expect(runs).toBe(2);
  });

  it.each(expressMajor === 5 ? ['/throws', '/async-throws'] : ['/throws'])('lets the error handler answer %s, and stores nothing', async (path) => {
    const first = await server.http.get(path);
    const second = await server.http.get(path);
    expect(first.status).toBe(500);
    expect(second.body.error).toMatch(/route failed/);
    expect(runs).toBe(2);
  });

  it('caches a route that writes in several chunks over time', async () => {
    const first = await server.http.get('/stream');
    const second = await server.http.get('/stream');
    expect(second.text).toBe(first.text);
    expect(second.text).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\ndone');
    expect(second.headers['x-cache']).toBe('HIT');
  });

  it('lets server-sent events stream through, never held', async () => {
    const res = await server.http.get('/events').buffer(true).parse(rawBody);
    expect((res.body as Buffer).toString()).toBe('data: one\n\ndata: two\n\n');
    const again = await server.http.get('/events').buffer(true).parse(rawBody);
    expect(again.headers['x-cache']).toBe('MISS');
  });
});
