// Row "ESM named imports": every entry point, from an ES module.
import assert from 'node:assert/strict';
import { LRUCache, InMemoryCache, CompositeCache } from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import { ManualClock, NullCache } from '@s3verless/cache/testing';
import { cacheMiddleware, requestKey } from '@s3verless/express-cache';

for (const [name, value] of Object.entries({
  LRUCache, InMemoryCache, CompositeCache, RedisCache, RedisInvalidationBus, ManualClock, NullCache, cacheMiddleware, requestKey,
})) {
  assert.equal(typeof value, 'function', `${name} is a named export`);
}
console.log('ok');
