import type { IncomingMessage, ServerResponse } from 'node:http';
import { globEscape } from '@s3verless/cache';
import type { ResponseCacheStats } from './events';
import { invalidateAfter, type InvalidationPatterns } from './invalidate-after';
import { isMiddlewareCall, type Middleware, type NextCallback } from './middleware-call';
import { resolveOptions, type ResponseCacheOptions } from './options';
import { pathKeyPattern } from './request-key';
import { CacheCore } from './cache-core';
import { HttpPolicyCache } from './http-policy/engine';
import { ResponseCache } from './response-cache';

/** The middleware returned by {@link cacheMiddleware}, with its invalidation helpers. */
export interface ResponseCacheMiddleware {
  /**
   * The middleware: `app.use(it)` in Express 4 and 5 or Connect, or called by
   * hand from a plain `node:http` server as `(req, res, next)`.
   */
  (req: IncomingMessage, res: ServerResponse, next: NextCallback): void;
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
   * produced its response and **before** that response is sent. A computed
   * `patterns` function receives the request and response the framework passes.
   */
  invalidateAfter<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
    patterns: InvalidationPatterns<Req, Res>,
  ): Middleware<Req, Res>;
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
 * Two forms:
 * - `cacheMiddleware(options)` builds a middleware with its own store and
 *   returns it, with its invalidation helpers;
 * - `cacheMiddleware` itself is a middleware: `app.use(cacheMiddleware)`
 *   serves with the defaults — an in-process `LRUCache` of 1,000 responses and
 *   a ttl of 60 seconds — from one instance, created on the first request and
 *   shared by every place it is mounted. It has no invalidation handle: for
 *   write routes, build one with the factory form.
 *
 * Works with Express 4 and 5, Connect, and plain `node:http` (call it with
 * `(req, res, next)`; it calls `next()` to run the route, `next(err)` on an error).
 *
 * @example
 * ```ts
 * const responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 5000 }), ttl: 60 });
 * app.use(responses);
 * app.put('/products/:id', responses.invalidateAfter(responses.pathPattern('/products')), updateProduct);
 * // or, with the defaults:
 * app.use(cacheMiddleware);
 * ```
 */
export function cacheMiddleware(req: IncomingMessage, res: ServerResponse, next: NextCallback): void;
/** Builds a middleware with `options` (this overload is last so that `ReturnType<typeof cacheMiddleware>` is the middleware). */
export function cacheMiddleware<Req extends IncomingMessage = IncomingMessage>(options?: ResponseCacheOptions<Req>): ResponseCacheMiddleware;
export function cacheMiddleware<Req extends IncomingMessage>(
  options?: ResponseCacheOptions<Req> | IncomingMessage, res?: ServerResponse, next?: NextCallback,
): ResponseCacheMiddleware | void {
  const args = [options, res, next];
  if (isMiddlewareCall(args)) return void defaultMiddleware()(...args);
  return createMiddleware((options ?? {}) as ResponseCacheOptions<Req>);
}

/** The instance behind `app.use(cacheMiddleware)`: built on first use, then shared. */
let sharedDefault: ResponseCacheMiddleware | undefined;

function defaultMiddleware(): ResponseCacheMiddleware {
  sharedDefault ??= createMiddleware({});
  return sharedDefault;
}

function createMiddleware<Req extends IncomingMessage>(options: ResponseCacheOptions<Req>): ResponseCacheMiddleware {
  const resolved = resolveOptions(options);
  const core = new CacheCore(resolved);
  const cache = resolved.policy === 'http' ? new HttpPolicyCache(resolved, core) : new ResponseCache(resolved, core);
  const middleware = function responseCache(req: IncomingMessage, res: ServerResponse, next: NextCallback): void {
    try {
      cache.handle(req, res, next);
    } catch (error) {
      next(error);
    }
  } as ResponseCacheMiddleware;
  middleware.invalidate = (patterns) => core.invalidate(patterns);
  middleware.invalidateAfter = (patterns) => invalidateAfter(core, patterns);
  middleware.pathPattern = (path) => pathKeyPattern(resolved.keyPrefix, path, globEscape);
  middleware.stats = () => core.stats();
  return middleware;
}
