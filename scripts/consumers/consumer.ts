// Rows "tsc --strict": a TypeScript consumer of every entry point, with no
// @types/express installed (only @types/node, as any Node project has).
import * as http from 'node:http';
import { LRUCache, CompositeCache, InMemoryCache } from '@s3verless/cache';
import { RedisCache } from '@s3verless/cache/redis';
import { ManualClock } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheMiddleware, type ResponseCacheOptions } from '@s3verless/express-cache';

const options: ResponseCacheOptions = { cache: new CompositeCache([new InMemoryCache(), new LRUCache({ maxSize: 10 })]), ttl: 60 };
const responses: ResponseCacheMiddleware = cacheMiddleware(options);
const pattern: string = responses.pathPattern('/products');
const clock: ManualClock = new ManualClock();
const redis: typeof RedisCache = RedisCache;

http.createServer((req, res) => {
  responses(req, res, (err?: unknown) => {
    if (err) {
      res.statusCode = 500;
      res.end();
      return;
    }
    cacheMiddleware(req, res, () => res.end(pattern));
  });
});
export { clock, redis };
