// Row "app.use(cacheMiddleware)": the middleware itself, with its defaults.
'use strict';
const http = require('node:http');
const express = require('express');
const { cacheMiddleware } = require('@s3verless/express-cache');
const { expectExchange, run, withServer } = require('./http-check.cjs');

run(async () => {
  const app = express();
  app.use(cacheMiddleware);
  app.get('/hello', (_req, res) => res.json({ hello: 'world' }));
  await withServer(http.createServer(app), async (base) => {
    await expectExchange(`${base}/hello`, { xCache: 'MISS' });
    await expectExchange(`${base}/hello`, { xCache: 'HIT' });
  });
});
