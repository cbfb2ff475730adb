// Rows "CJS + Express 5" and "CJS + Express 4": the factory form in a real
// Express app: MISS -> HIT, 304 with If-None-Match, invalidateAfter on a PATCH.
// Usage: node express-app.cjs <expected Express major>
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const express = require('express');
const { LRUCache } = require('@s3verless/cache');
const { cacheMiddleware } = require('@s3verless/express-cache');
const { expectExchange, run, withServer } = require('./http-check.cjs');

run(async () => {
  const major = require('express/package.json').version.split('.')[0];
  assert.equal(major, process.argv[2], 'installed Express major');
  const products = new Map([['1', { id: '1', name: 'Lamp' }]]);
  const responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 100 }), ttl: 60 });
  const app = express();
  app.use(express.json());
  app.use(responses);
  app.get('/products/:id', (req, res) => res.json(products.get(req.params.id)));
  app.patch('/products/:id', responses.invalidateAfter(responses.pathPattern('/products')), (req, res) => {
    const product = { ...products.get(req.params.id), ...req.body };
    products.set(req.params.id, product);
    res.json(product);
  });
  await withServer(http.createServer(app), async (base) => {
    const url = `${base}/products/1`;
    await expectExchange(url, { xCache: 'MISS' });
    const hit = await expectExchange(url, { xCache: 'HIT' });
    const etag = hit.res.headers.get('etag');
    assert.ok(etag, 'a HIT carries an ETag');
    await expectExchange(url, { headers: { 'if-none-match': etag }, status: 304 });
    await expectExchange(url, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Desk lamp' }),
    });
    const after = await expectExchange(url, { xCache: 'MISS' });
    assert.equal(JSON.parse(after.text).name, 'Desk lamp', 'the PATCH invalidated the cached GET');
  });
});
