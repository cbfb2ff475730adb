import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { globEscape } from '@s3verless/cache';
import type { ResponseCacheStats } from './events';
import { invalidateAfter, type InvalidationPatterns } from './invalidate-after';
import { resolveOptions, type ResponseCacheOptions } from './options';
import { pathKeyPattern } from './request-key';
import { ResponseCache } from './response-cache';

/** The middleware returned by {@link cacheMiddleware}, with its invalidation helpers. */
export interface ResponseCacheMiddleware extends RequestHandler {
  /**
   * Removes every stored response whose key matches the glob(s) (fnmatch
   * syntax, e.g. `response:/products*`), and keeps requests already running for
   * those keys from storing their now-older result. Resolves to the number of
   * entries removed; rejects if the backend could not be reached (then copies
   * may survive: tell your client).
   */
  invalidate(patterns: string | readonly string[]): Promise<number>;
  /**
   * Middleware for a write route: invalidates `patterns` after the route has
   * produced its response and **before** that response is sent.
   */
  invalidateAfter(patterns: InvalidationPatterns): RequestHandler;
  /**
   * The glob matching the default keys of `path` and everything below it:
   * `response:/products*`. It covers every key the router sends there: case
   * variants (`/Products/1`) and absolute-form targets (`http://host/products/1`)
   * included, since default keys start with the lower-cased path.
   */
  pathPattern(path: string): string;
  /** Counters since start. */
  stats(): ResponseCacheStats;
}

/**
 * Caches successful GET responses of the routes behind it, safely: as a
 * shared HTTP cache must (RFC 9111), with request coalescing,
 * stale-while-revalidate / stale-if-error, `ETag`/`304`, and invalidation that
 * a slow concurrent read cannot undo. See the package README for every rule.
 *
 * @example
 * ```ts
 * const responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 5000 }), ttl: 60 });
 * app.use(responses);
 * app.put('/products/:id', responses.invalidateAfter(responses.pathPattern('/products')), updateProduct);
 * ```
 */
export function cacheMiddleware(options: ResponseCacheOptions = {}): ResponseCacheMiddleware {
  const resolved = resolveOptions(options);
  const cache = new ResponseCache(resolved);
  const middleware = function responseCache(req: Request, res: Response, next: NextFunction): void {
    try {
      cache.handle(req, res, next);
    } catch (error) {
      next(error);
    }
  } as ResponseCacheMiddleware;
  middleware.invalidate = (patterns) => cache.invalidate(patterns);
  middleware.invalidateAfter = (patterns) => invalidateAfter(cache, patterns);
  middleware.pathPattern = (path) => pathKeyPattern(resolved.keyPrefix, path, globEscape);
  middleware.stats = () => cache.stats();
  return middleware;
}
