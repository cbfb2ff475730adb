/**
 * The middleware without Express: on Connect 3 (`res.setHeader` + `res.end`,
 * a mount path) and on a plain `node:http` server that calls it by hand with
 * `(req, res, next)` — the representative subset of the behaviour suite.
 * Issue 12 saw every `node:http` request fail (the key read `req.originalUrl`,
 * which only Express and Connect set); the `node:http` cases failed before
 * 7e0c955 made the key fall back to `req.url`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import connect from 'connect';
import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { deferred, type Deferred } from '@s3verless/cache/testing';
import { settle, until } from './helpers/event-loop';
import { type RunningServer, serve } from './helpers/server';

type Next = (error?: unknown) => void;
/** A middleware as Connect and hand-written servers call it (`invalidateAfter` is typed as an Express handler). */
type Handler = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
const plain = (handler: unknown) => handler as Handler;

/** The app behind the cache: a GET answers JSON (runs counted; `/slow` waits for the gate), a PUT changes the version. */
interface Routes {
  /** Requests that reached the server (before the cache). */
  arrived: number;
  runs: number;
  version: number;
  /** GETs of `/api/slow` wait for it. */
  gate: Deferred<void>;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

function routes(): Routes {
  const state: Routes = {
    arrived: 0,
    runs: 0,
    version: 1,
    gate: deferred(),
    async handle(req, res) {
      if (req.method === 'PUT') state.version++;
      else state.runs++;
      if (req.url?.endsWith('/slow')) await state.gate.promise;
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, version: state.version }));
    },
  };
  return state;
}

/** Fails the request with 500 and the error's message: what `next(err)` leads to. */
function fail(res: ServerResponse, error: unknown): void {
  res.statusCode = 500;
  res.end(`error: ${error instanceof Error ? error.message : String(error)}`);
}

const apps: Record<'connect' | 'node:http', (cache: ResponseCacheMiddleware, app: Routes) => http.RequestListener> = {
  connect: (cache, app) => {
    const server = connect();
    server.use((_req, _res, next) => {
      app.arrived++;
      next();
    });
    server.use('/api', cache);
    server.use('/api', (req, res, next) =>
      req.method === 'PUT' ? plain(cache.invalidateAfter(cache.pathPattern('/api/items')))(req, res, next) : next(),
    );
    server.use('/api', (req: IncomingMessage, res: ServerResponse, next: Next) => void app.handle(req, res).catch(next));
    server.use((error: unknown, _req: IncomingMessage, res: ServerResponse, _next: Next) => fail(res, error));
    return server;
  },
  'node:http': (cache, app) => (req, res) => {
    app.arrived++;
    const route: Next = (error) => (error === undefined ? void app.handle(req, res).catch((e) => fail(res, e)) : fail(res, error));
    cache(req, res, (error) => {
      if (error !== undefined) return fail(res, error);
      if (req.method === 'PUT') return plain(cache.invalidateAfter(cache.pathPattern('/api/items')))(req, res, route);
      route();
    });
  },
};

describe.each(Object.keys(apps) as (keyof typeof apps)[])('on %s', (kind) => {
  let server: RunningServer;
  let app: Routes;
  beforeAll(async () => {
    app = routes();
    server = await serve(apps[kind](cacheMiddleware({ cache: new LRUCache() }), app));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    app.runs = 0;
    app.arrived = 0;
    app.gate = deferred();
  });

  it('answers a MISS, then a HIT with the same body, keyed by the full path', async () => {
    const miss = await server.http.get('/api/items/1');
    const hit = await server.http.get('/api/items/1');
    expect([miss.status, miss.headers['x-cache'], hit.status, hit.headers['x-cache']]).toEqual([200, 'MISS', 200, 'HIT']);
    expect(hit.text).toBe(miss.text);
    expect(app.runs).toBe(1);
    const other = await server.http.get('/api/items/2');
    expect(other.headers['x-cache']).toBe('MISS');
  });

  it('answers 304 to a matching If-None-Match, and HEAD from the stored GET without a body', async () => {
    const first = await server.http.get('/api/items/3');
    const etag = first.headers.etag;
    expect(etag).toBeDefined();
    const notModified = await server.http.get('/api/items/3').set('if-none-match', etag);
    expect(notModified.status).toBe(304);
    const head = await server.http.head('/api/items/3');
    expect([head.status, head.headers['x-cache'], head.text]).toEqual([200, 'HIT', undefined]);
    expect(app.runs).toBe(1);
  });

  it('bypasses authenticated requests', async () => {
    await server.http.get('/api/items/4');
    const authed = await server.http.get('/api/items/4').set('authorization', 'Bearer x');
    expect(authed.headers['x-cache']).toBe('BYPASS');
    expect(app.runs).toBe(2);
  });

  it('invalidates after a write: the next GET is a MISS with the new data', async () => {
    const before = await server.http.get('/api/items/5');
    const put = await server.http.put('/api/items/5');
    expect(put.status).toBe(200);
    const after = await server.http.get('/api/items/5');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(after.text).version).toBe(JSON.parse(before.text).version + 1);
  });

  it('runs the route once for 5 concurrent misses; all get its response', async () => {
    const responses = Array.from({ length: 5 }, () => server.http.get('/api/slow').then((r) => r));
    await until(() => app.arrived, 5);
    await settle();
    app.gate.resolve();
    const results = await Promise.all(responses);
    expect(app.runs).toBe(1);
    expect(new Set(results.map((r) => `${r.status} ${r.text}`))).toEqual(new Set([`200 ${results[0]?.text}`]));
    expect(results.some((r) => r.headers['cache-status']?.includes('collapsed'))).toBe(true);
  });

  it('hands its own errors to next(err)', async () => {
    const failing = cacheMiddleware({
      cache: new LRUCache(),
      key: () => {
        throw new Error('key failed');
      },
    });
    const broken = await serve(apps[kind](failing, routes()));
    try {
      const res = await broken.http.get('/api/items/6');
      expect([res.status, res.text]).toEqual([500, 'error: key failed']);
    } finally {
      await broken.close();
    }
  });
});
