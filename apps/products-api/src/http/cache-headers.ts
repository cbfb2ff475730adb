import type { Response } from 'express';

/**
 * The targeted cache-control field (RFC 9213) that only the API's own response
 * cache obeys. The cache runs with `policy: 'http'` and
 * `targetedCacheControl: [RESPONSE_CACHE_FIELD]`: this field gives it the
 * freshness lifetime, while `Cache-Control` speaks to every other cache.
 */
export const RESPONSE_CACHE_FIELD = 's3verless-cache-control';

/**
 * Marks a successful GET answer cacheable by the API's response cache for
 * `seconds`, and by no other cache without revalidation:
 * - `S3verless-Cache-Control: max-age=N`: our cache keeps it N seconds. It is
 *   the only cache that every write invalidates (the service removes the
 *   stored `/products` responses before it answers a write), so it is the only
 *   one that may serve the answer without asking.
 * - `Cache-Control: no-cache`: browsers, CDNs and proxies may store it but must
 *   revalidate every reuse. Express's `ETag` makes that a cheap `304`,
 *   answered by our cache when its copy is fresh.
 */
export function markCacheable(res: Response, seconds: number): void {
  res.setHeader(RESPONSE_CACHE_FIELD, `max-age=${seconds}`);
  res.setHeader('cache-control', 'no-cache');
}
