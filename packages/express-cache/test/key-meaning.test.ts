/**
 * The observed cases of issue 10 (items 1-4): a default key must mean exactly
 * what the route sees, or the request is not cached.
 */
import { createServer } from 'node:http';
import express from 'express';
import { LRUCache } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheEvent, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { sendTarget } from './helpers/raw-target';
import { expressMajor, startServer, type TestServer } from './helpers/server';

describe('a default key means what the route sees (issue 10)', () => {
  let server: TestServer;
  let responses: ResponseCacheMiddleware;
  let products: Map<string, { id: string; name: string; category: string }>;
  const events: ResponseCacheEvent[] = [];

  beforeEach(async () => {
    events.length = 0;
    products = new Map([
      ['AbC1', { id: 'AbC1', name: 'Lamp', category: 'lamps' }],
      ['d2', { id: 'd2', name: 'Desk', category: 'desks' }],
      ['e3', { id: 'e3', name: 'Chair', category: 'chairs' }],
    ]);
    responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 1000 }), onEvent: (event) => events.push(event) });
    server = await startServer((app) => {
      app.use(express.json());
      app.use(responses);
      app.get('/products/count', (req, res) => {
        const { category } = req.query;
        res.json({ count: [...products.values()].filter((p) => category === undefined || p.category === category).length });
      });
      app.get('/products', (req, res) => {
        const contains = typeof req.query.name__contains === 'string' ? req.query.name__contains : '';
        res.json({ query: req.query, items: [...products.values()].filter((p) => p.name.includes(contains)).map((p) => p.id) });
      });
      app.get('/products/:id', (req, res) => {
        const product = products.get(String(req.params.id));
        if (product === undefined) return void res.status(404).json({ error: 'not_found' });
        res.json(product);
      });
      app.delete('/products/:id', responses.invalidateAfter(responses.pathPattern('/products')), (req, res) => {
        products.delete(String(req.params.id));
        res.status(204).end();
      });
    });
  });
  afterEach(() => server.close());

  const get = (target: string, headers: Record<string, string> = {}) => sendTarget(server.url, target, { headers });

  it('item 1: 1,000 empty pairs before a filter cannot store the unfiltered count under the filtered key', async () => {
    const poison = await get(`/products/count?${'&'.repeat(1000)}category=lamps`, { 'cache-control': 'no-cache' });
    expect(JSON.parse(poison.text)).toEqual({ count: 3 }); // the parser stopped before the filter
    expect(poison.headers['x-cache']).toBe('BYPASS');
    expect(poison.headers['cache-status']).toBe('s3verless; fwd=bypass; detail="too-many-parameters"');
    expect(events).toContainEqual(expect.objectContaining({ type: 'bypass', reason: 'too-many-parameters' }));
    const honest = await get('/products/count?category=lamps');
    expect(honest.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(honest.text)).toEqual({ count: 1 });
  });

  it('item 1: 999 empty pairs (1,000 in all) are read whole, so that request is cached under the filter', async () => {
    const full = await get(`/products/count?${'&'.repeat(999)}category=lamps`);
    expect(JSON.parse(full.text)).toEqual({ count: 1 });
    expect((await get('/products/count?category=lamps')).headers['x-cache']).toBe('HIT');
  });

  it('item 2: a raw # is not cached, so the results for "C" are not stored under "C#"', async () => {
    const fragment = await get('/products?name__contains=C#');
    expect(JSON.parse(fragment.text).query).toEqual({ name__contains: 'C' });
    expect(fragment.headers['cache-status']).toBe('s3verless; fwd=bypass; detail="fragment"');
    const sharp = await get('/products?name__contains=C%23');
    expect(sharp.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(sharp.text)).toEqual({ query: { name__contains: 'C#' }, items: [] });
  });

  it('item 3: a malformed escape is not cached, and never shares a key with its escaped spelling', async () => {
    const malformed = await get('/products?name__contains=%zz%41');
    // node:querystring's reading (Express 5); qs (Express 4's default) keeps a value with a malformed escape as sent.
    const read = { name__contains: expressMajor === 5 ? '%zzA' : '%zz%41' };
    expect(JSON.parse(malformed.text).query).toEqual(read);
    expect(malformed.headers['cache-status']).toBe('s3verless; fwd=bypass; detail="malformed-escape"');
    const escaped = await get('/products?name__contains=%25zz%2541');
    expect(escaped.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(escaped.text).query).toEqual({ name__contains: '%zz%41' });
    // And the other way round: the stored escaped spelling is not served to the malformed one.
    const again = await get('/products?name__contains=%zz%41');
    expect(again.headers['x-cache']).toBe('BYPASS');
    expect(JSON.parse(again.text).query).toEqual(read);
  });

  it('item 4: after a DELETE, case variants and absolute-form targets of the product are not served from the cache', async () => {
    const host = new URL(server.url).host;
    const variants = ['/products/AbC1', '/Products/AbC1', '/PRODUCTS/AbC1', `http://${host}/products/AbC1`, `http://${host}/Products/AbC1`, '/products/%41bC1'];
    for (const target of variants) {
      expect((await get(target)).status).toBe(200);
      const hit = await get(target);
      expect([target, hit.headers['x-cache']]).toEqual([target, 'HIT']);
    }
    expect((await sendTarget(server.url, '/products/AbC1', { method: 'DELETE' })).status).toBe(204);
    for (const target of variants) {
      const after = await get(target);
      expect([target, after.status, after.headers['x-cache']]).toEqual([target, 404, 'MISS']);
    }
  });

  it('item 4: the key of a case variant keeps the exact path (route parameters keep their case)', async () => {
    products.set('abc1', { id: 'abc1', name: 'Other', category: 'lamps' });
    expect(JSON.parse((await get('/products/AbC1')).text).name).toBe('Lamp');
    const lower = await get('/products/abc1');
    expect(lower.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(lower.text).name).toBe('Other');
  });
});

describe('default keys without an Express app (plain node:http, Connect)', () => {
  it('work, keeping the query exactly as sent (the parser is unknown) and bypassing what parsers disagree on', async () => {
    const responses = cacheMiddleware({ cache: new LRUCache() });
    let runs = 0;
    const server = createServer((req, res) => {
      responses(req as never, res as never, () => {
        runs++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ url: req.url, runs }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await sendTarget(url, '/x?b=1&a=2')).headers['x-cache']).toBe('MISS');
      expect((await sendTarget(url, '/X?b=1&a=2')).headers['x-cache']).toBe('MISS');
      expect((await sendTarget(url, '/x?b=1&a=2')).headers['x-cache']).toBe('HIT');
      expect((await sendTarget(url, '/x?a=2&b=1')).headers['x-cache']).toBe('MISS');
      expect((await sendTarget(url, '/x?a=%zz')).headers['cache-status']).toBe('s3verless; fwd=bypass; detail="malformed-escape"');
      expect(runs).toBe(4);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
