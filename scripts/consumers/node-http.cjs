// Row "plain node:http": the middleware called by hand as (req, res, next).
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const { cacheMiddleware } = require('@s3verless/express-cache');
const { expectExchange, run, withServer } = require('./http-check.cjs');

run(async () => {
  const responses = cacheMiddleware({ ttl: 60 });
  let routeCalls = 0;
  const server = http.createServer((req, res) => {
    responses(req, res, (err) => {
      if (err) {
        res.statusCode = 500;
        return res.end(String(err));
      }
      routeCalls += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url }));
    });
  });
  await withServer(server, async (base) => {
    await expectExchange(`${base}/items?a=1`, { xCache: 'MISS' });
    const hit = await expectExchange(`${base}/items?a=1`, { xCache: 'HIT' });
    assert.deepEqual(JSON.parse(hit.text), { url: '/items?a=1' });
    assert.equal(routeCalls, 1, 'the HIT did not run the route');
  });
});
