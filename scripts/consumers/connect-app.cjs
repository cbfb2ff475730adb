// Row "Connect 3": a Connect-only project (Express must not be installed).
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const connect = require('connect');
const { cacheMiddleware } = require('@s3verless/express-cache');
const { expectExchange, run, withServer } = require('./http-check.cjs');

run(async () => {
  assert.throws(() => require.resolve('express'), { code: 'MODULE_NOT_FOUND' }, 'express is installed in a Connect project');
  const app = connect();
  app.use(cacheMiddleware({ ttl: 60 }));
  app.use('/hello', (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('hello');
  });
  await withServer(http.createServer(app), async (base) => {
    await expectExchange(`${base}/hello`, { xCache: 'MISS' });
    const hit = await expectExchange(`${base}/hello`, { xCache: 'HIT' });
    assert.equal(hit.text, 'hello');
  });
});
