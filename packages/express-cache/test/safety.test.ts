import http from 'node:http';
import type { Request } from 'express';
import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware } from '@s3verless/express-cache';
import { deferred } from '@s3verless/cache/testing';
import { startServer, type TestServer } from './helpers/server';

describe('safe by default', () => {
  let server: TestServer;
  let runs: number;
  const bigChunk = Buffer.alloc(700 * 1024, 'a');
  let releaseLastChunk = deferred();

  beforeAll(async () => {
    server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache() }));
      app.use((_req, _res, next) => {
        runs++;
        next();
      });
      app.get('/plain', (req, res) => res.json({ runs, user: req.headers.authorization ?? null }));
      app.get('/set-cookie', (_req, res) => res.cookie('sid', String(runs)).json({ runs }));
      app.get('/cc/:value', (req, res) => res.set('cache-control', req.params.value).json({ runs }));
      app.get('/vary/:value', (req, res) => res.set('vary', req.params.value).json({ runs }));
      app.get('/status/:code', (req, res) => res.status(Number(req.params.code)).json({ runs }));
      app.get('/redirect', (_req, res) => res.redirect('/plain'));
      app.get('/big', async (_req, res) => {
        res.setHeader('content-type', 'application/octet-stream');
        res.write(bigChunk);
        res.write(bigChunk);
        await releaseLastChunk.promise; // only released once the client has received the first 1.4 MB
        res.end(Buffer.from('end'));
      });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    runs = 0;
  });

  async function twice(path: string, headers: Record<string, string> = {}) {
    const first = await server.http.get(path).set(headers);
    const second = await server.http.get(path).set(headers);
    return { first, second };
  }

  it('bypasses requests with Authorization or Cookie', async () => {
    const headerSets: Record<string, string>[] = [{ authorization: 'Bearer alice' }, { cookie: 'sid=1' }];
    for (const headers of headerSets) {
      const { first, second } = await twice(`/plain?auth=${Object.keys(headers)[0]}`, headers);
      expect(first.headers['x-cache']).toBe('BYPASS');
      expect(second.headers['cache-status']).toBe('s3verless; fwd=bypass; detail="authenticated"');
    }
    expect(runs).toBe(4);
  });

  it('does not serve an anonymous entry to an authenticated request', async () => {
    await twice('/plain?shared=1');
    const alice = await server.http.get('/plain?shared=1').set('authorization', 'Bearer alice');
    expect(alice.body.user).toBe('Bearer alice');
  });

  it.each([
    ['/set-cookie', 'set-cookie'],
    ['/cc/no-store', 'no-store'],
    ['/cc/private', 'private'],
    ['/cc/no-cache', 'no-cache'],
    ['/cc/max-age=0', 'max-age=0'],
    ['/vary/*', 'vary-star'],
    ['/vary/Origin', 'vary-origin'],
    ['/status/404', 'status-404'],
    ['/status/500', 'status-500'],
    ['/status/503', 'status-503'],
    ['/status/302', 'status-302'],
    ['/redirect', 'status-302'],
  ])('never stores %s (%s)', async (path, reason) => {
    const { first, second } = await twice(path);
    expect(first.headers['cache-status']).toBe(`s3verless; fwd=miss; detail="${reason}"`);
    expect(second.headers['x-cache']).toBe('MISS');
    expect(runs).toBe(2);
  });

  it('stores a response that varies on Accept-Encoding only', async () => {
    const { second } = await twice('/vary/Accept-Encoding');
    expect(second.headers['x-cache']).toBe('HIT');
  });

  it('honours request Cache-Control: no-store (bypass)', async () => {
    await twice('/plain?ns=1');
    const bypass = await server.http.get('/plain?ns=1').set('cache-control', 'no-store');
    expect(bypass.headers['x-cache']).toBe('BYPASS');
    expect(bypass.body.runs).toBe(2);
  });

  it.each([
    ['cache-control', 'no-cache'],
    ['cache-control', 'max-age=0'],
    ['pragma', 'no-cache'],
  ])('honours request %s: %s (skip the read, refresh the entry)', async (header, value) => {
    const path = `/plain?refresh=${header}${value}`;
    await twice(path);
    const refreshed = await server.http.get(path).set(header, value);
    expect(refreshed.headers['x-cache']).toBe('MISS');
    expect(refreshed.headers['cache-status']).toBe('s3verless; fwd=request; stored');
    const after = await server.http.get(path);
    expect(after.headers['x-cache']).toBe('HIT');
    expect(after.body.runs).toBe(refreshed.body.runs);
  });

  it('ignores custom bypass headers from clients', async () => {
    await twice('/plain?custom=1');
    for (const header of ['x-apicache-bypass', 'x-cache-bypass', 'x-no-cache']) {
      const res = await server.http.get('/plain?custom=1').set(header, 'true');
      expect(res.headers['x-cache']).toBe('HIT');
    }
  });

  it('streams a body over maxBodyBytes through untouched, without holding it, and stores nothing', async () => {
    releaseLastChunk = deferred();
    const received = await new Promise<Buffer>((resolve, reject) => {
      http.get(`${server.url}/big`, (res) => {
        expect(res.headers['x-cache']).toBe('MISS');
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= bigChunk.length * 2) releaseLastChunk.resolve();
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      });
    });
    expect(received.length).toBe(bigChunk.length * 2 + 3);
    expect(received.subarray(-3).toString()).toBe('end');
    releaseLastChunk = deferred();
    releaseLastChunk.resolve();
    const again = await server.http.get('/big');
    expect(again.headers['x-cache']).toBe('MISS');
  });
});

describe('caching authenticated requests (opt-in)', () => {
  it('needs a key function, and then keeps users apart', async () => {
    expect(() => cacheMiddleware({ authenticated: 'cache' })).toThrow(/key function/);
    let runs = 0;
    const server = await startServer((app) => {
      app.use(
        cacheMiddleware<Request>({
          cache: new LRUCache(),
          authenticated: 'cache',
          key: (req) => `user:${req.headers.authorization ?? 'anonymous'}:${req.originalUrl}`,
        }),
      );
      app.get('/me', (req, res) => res.json({ user: req.headers.authorization, runs: ++runs }));
    });
    try {
      const alice = await server.http.get('/me').set('authorization', 'alice');
      const bob = await server.http.get('/me').set('authorization', 'bob');
      const aliceAgain = await server.http.get('/me').set('authorization', 'alice');
      expect(bob.body.user).toBe('bob');
      expect(aliceAgain.headers['x-cache']).toBe('HIT');
      expect(aliceAgain.body).toEqual(alice.body);
    } finally {
      await server.close();
    }
  });
});

describe('opt-in bypass header', () => {
  it('lets the app name a header that bypasses', async () => {
    const server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache(), bypassHeader: 'X-Internal-Refresh' }));
      app.get('/x', (_req, res) => res.json({ t: Math.random() }));
    });
    try {
      await server.http.get('/x');
      const res = await server.http.get('/x').set('x-internal-refresh', '1');
      expect(res.headers['x-cache']).toBe('BYPASS');
    } finally {
      await server.close();
    }
  });
});

describe('configurable statuses', () => {
  it('stores a 404 when listed, never a 500', async () => {
    let runs = 0;
    const server = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache(), statuses: [200, 404] }));
      app.get('/missing', (_req, res) => res.status(404).json({ runs: ++runs }));
    });
    try {
      await server.http.get('/missing');
      const hit = await server.http.get('/missing');
      expect(hit.status).toBe(404);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(() => cacheMiddleware({ statuses: [500] })).toThrow(/statuses/);
      expect(() => cacheMiddleware({ statuses: [304] })).toThrow(/statuses/);
      expect(() => cacheMiddleware({ statuses: [301] })).toThrow(/statuses/);
    } finally {
      await server.close();
    }
  });
});
