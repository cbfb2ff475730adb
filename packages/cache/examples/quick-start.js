// Runnable example of @s3verless/cache: `npm run build && node packages/cache/examples/quick-start.js`
const { CacheKeyBuilder, CompositeCache, InMemoryCache, LRUCache } = require('@s3verless/cache');

async function main() {
  // Two tiers: a small, short-lived L1 in front of a larger L2.
  const cache = new CompositeCache([
    new LRUCache({ maxSize: 100, defaultTtl: 60 }),
    new InMemoryCache({ maxSize: 1000, defaultTtl: 300 }),
  ]);
  const keys = new CacheKeyBuilder({ prefix: 'myapp' });

  // Cache-aside in one call; concurrent callers share one load.
  const productKey = keys.modelKey('Product', 'abc123'); // "myapp:model:Product:abc123"
  const loadFromS3 = async () => ({ id: 'abc123', name: 'Desk lamp', price: 39.9 });
  const product = await cache.getOrSet(productKey, loadFromS3);

  // A list query result, keyed by a hash of its parameters (same hash as Python S3verless).
  const listKey = keys.modelListKey('Product', { filters: { category: 'lighting' }, sortField: 'price' });
  await cache.set(listKey, { items: [product], total_count: 1 }, 30);

  // After a write: refresh the item, drop every list and count of the model.
  await cache.set(productKey, { ...product, price: 34.9 });
  const dropped = await cache.deletePattern(keys.modelListPattern('Product'));

  return { product: await cache.get(productKey), listKey, dropped, stats: cache.stats() };
}

module.exports = { main };

if (require.main === module) {
  main().then((result) => console.log(JSON.stringify(result, null, 2)));
}
