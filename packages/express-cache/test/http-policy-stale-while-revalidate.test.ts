import { LRUCache } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';
import { cacheMiddleware } from '@s3verless/express-cache';
import connect from 'connect';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';
import { serve } from './helpers/server';

/** Resolves once `check()` holds, letting the event loop run (the background request is asynchronous). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

describe("policy 'http': stale-while-revalidate (RFC 5861)", () => {
  let h: HttpPolicyHarness;
  let refuseBackground: boolean;
  beforeEach(async () => {
    refuseBackground = false;
    h = await startHttpPolicy({}, (app) => {
      // The background request has no connection of its own: an app could refuse it (rate limit, IP filter).
      app.use((req, res, next) => (refuseBackground && req.socket.remotePort === undefined ? void res.status(429).end() : next()));
    });
    h.answer = (_req, run) => ({ headers: { 'cache-control': 'max-age=10, stale-while-revalidate=30', etag: `"v${run}"` }, body: `v${run}` });
  });
  afterEach(() => h.close());

  it('serves the stale response at once and revalidates through the app in the background', async () => {
    await h.server.http.get('/r?q=1');
    h.clock.advanceSeconds(15);
    const stale = await h.server.http.get('/r?q=1').set('x-client', 'c');
    expect([stale.text, stale.headers['x-cache']]).toEqual(['v1', 'STALE']);
    expect(stale.headers['cache-status']).toBe('s3verless; hit; ttl=-5; detail="stale-while-revalidate"');
    await until(() => h.runs() === 2 && h.events.filter((e) => e.type === 'stored').length === 2);
    // The background request is the client's, with the stored validators.
    expect(h.seen[1]['x-client']).toBe('c');
    expect(h.seen[1]['if-none-match']).toBe('"v1"');
    const fresh = await h.server.http.get('/r?q=1');
    expect([fresh.text, fresh.headers['x-cache']]).toEqual(['v2', 'HIT']);
  });

  it('starts one background revalidation however many stale hits arrive meanwhile', async () => {
    await h.server.http.get('/r');
    h.clock.advanceSeconds(15);
    await Promise.all([1, 2, 3].map(() => h.server.http.get('/r')));
    await until(() => h.events.filter((e) => e.type === 'stored').length === 2);
    expect(h.runs()).toBe(2);
  });

  it('past the window the request waits for the route', async () => {
    await h.server.http.get('/r');
    h.clock.advanceSeconds(41);
    const res = await h.server.http.get('/r');
    expect([res.text, res.headers['x-cache']]).toEqual(['v2', 'MISS']);
  });

  it('a background request the app refuses leaves the stale response in place and releases the key', async () => {
    await h.server.http.get('/r');
    h.clock.advanceSeconds(15);
    refuseBackground = true;
    expect((await h.server.http.get('/r')).text).toBe('v1');
    refuseBackground = false;
    const next = await h.server.http.get('/r');
    expect([next.text, next.headers['x-cache']]).toEqual(['v1', 'STALE']);
    await until(() => h.runs() === 2);
    expect((await h.server.http.get('/r')).text).toBe('v2');
  });
});

describe("policy 'http': stale-while-revalidate without a framework that can dispatch", () => {
  it('Connect: the request revalidates in the foreground', async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
    let runs = 0;
    const app = connect();
    app.use(cacheMiddleware({ policy: 'http', clock, cache: new LRUCache({ clock }) }));
    app.use((_req: IncomingMessage, res: ServerResponse) => {
      runs++;
      res.setHeader('cache-control', 'max-age=10, stale-while-revalidate=30');
      res.end(`v${runs}`);
    });
    const server = await serve(app);
    try {
      await server.http.get('/x');
      clock.advanceSeconds(15);
      const res = await server.http.get('/x');
      expect([res.text, res.headers['x-cache']]).toEqual(['v2', 'MISS']);
    } finally {
      await server.close();
    }
  });
});
