/**
 * `app.use(cacheMiddleware)`: the function itself as the middleware (issue 12).
 * It used to read the request as its options and answer every request with a
 * 500 (`InvalidOptionError: _events: is not an option`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import connect from 'connect';
import express from 'express';
import express4 from 'express4';
import { cacheMiddleware } from '@s3verless/express-cache';
import { type RunningServer, serve } from './helpers/server';

/** A GET route answering its path and how many times it ran. */
function counter(): { runs: number; handle(req: IncomingMessage, res: ServerResponse): void } {
  const state = {
    runs: 0,
    handle(req: IncomingMessage, res: ServerResponse) {
      state.runs++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, runs: state.runs }));
    },
  };
  return state;
}

describe('app.use(cacheMiddleware), the shorthand with defaults', () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  async function start(listener: Parameters<typeof serve>[0]): Promise<RunningServer> {
    const server = await serve(listener);
    servers.push(server);
    return server;
  }

  it('serves MISS then HIT on Express 5 (was a 500: InvalidOptionError: _events: is not an option), with the 60 s default ttl', async () => {
    const route = counter();
    const app = express();
    app.use(cacheMiddleware);
    app.get('/e5', (req, res) => route.handle(req, res));
    const server = await start(app);
    const miss = await server.http.get('/e5');
    const hit = await server.http.get('/e5');
    expect([miss.status, miss.headers['x-cache'], hit.status, hit.headers['x-cache']]).toEqual([200, 'MISS', 200, 'HIT']);
    expect(hit.headers['cache-status']).toMatch(/^s3verless; hit; ttl=(59|60)$/);
    expect(route.runs).toBe(1);
  });

  it('serves on Express 4, Connect and node:http, from one store shared by every mount', async () => {
    const route = counter();
    const app4 = express4();
    app4.use(cacheMiddleware);
    app4.get('/shared', (req, res) => route.handle(req, res));
    const viaConnect = connect();
    viaConnect.use(cacheMiddleware);
    viaConnect.use((req: IncomingMessage, res: ServerResponse) => route.handle(req, res));
    const viaHttp = (req: IncomingMessage, res: ServerResponse) =>
      cacheMiddleware(req, res, (error?: unknown) => {
        if (error !== undefined) throw error;
        route.handle(req, res);
      });
    const [four, c, plain] = await Promise.all([start(app4), start(viaConnect), start(viaHttp)]);
    const miss = await four.http.get('/shared');
    expect([miss.status, miss.headers['x-cache']]).toEqual([200, 'MISS']);
    for (const server of [four, c, plain]) {
      const hit = await server.http.get('/shared');
      expect([hit.status, hit.headers['x-cache'], hit.text]).toEqual([200, 'HIT', miss.text]);
    }
    expect(route.runs).toBe(1);
  });

  it('keeps the 1,000 most recently used responses (the default LRUCache)', async () => {
    const route = counter();
    const server = await start((req, res) => cacheMiddleware(req, res, () => route.handle(req, res)));
    for (let i = 0; i <= 1000; i++) expect((await server.http.get(`/lru/${i}`)).headers['x-cache']).toBe('MISS');
    expect((await server.http.get('/lru/1000')).headers['x-cache']).toBe('HIT');
    expect((await server.http.get('/lru/0')).headers['x-cache']).toBe('MISS'); // the 1,001st evicted the first
  });

  it('still builds a middleware when called with options, or with none', () => {
    expect(typeof cacheMiddleware().invalidate).toBe('function');
    expect(typeof cacheMiddleware({ ttl: 5 }).pathPattern('/a')).toBe('string');
  });
});
