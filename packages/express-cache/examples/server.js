// Runnable example of @s3verless/express-cache:
//   npm run build && node packages/express-cache/examples/server.js
// then: curl -i localhost:3001/products ; curl -i -X PUT localhost:3001/products/1 -H 'content-type: application/json' -d '{"name":"Lamp"}'
const express = require('express');
const { LRUCache } = require('@s3verless/cache');
const { cacheMiddleware } = require('@s3verless/express-cache');

function createApp() {
  const products = new Map([['1', { id: '1', name: 'Desk lamp' }]]);
  const responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 5000 }), ttl: 60, staleIfError: 600 });
  const app = express();
  app.use(express.json());
  app.use(responses); // GET and HEAD responses of every route below are cached

  app.get('/products', (_req, res) => res.json({ items: [...products.values()] }));
  app.get('/products/:id', (req, res) => {
    const product = products.get(req.params.id);
    if (!product) return res.status(404).json({ error: { code: 'not_found' } });
    res.json(product);
  });
  // Writes invalidate /products and everything below it before their response is sent.
  app.put('/products/:id', responses.invalidateAfter(responses.pathPattern('/products')), (req, res) => {
    const product = { ...req.body, id: req.params.id };
    products.set(req.params.id, product);
    res.json(product);
  });
  app.get('/cache/stats', (_req, res) => res.json(responses.stats()));
  return app;
}

module.exports = { createApp };

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3001);
  createApp().listen(port, () => console.log(`listening on http://localhost:${port}`));
}
