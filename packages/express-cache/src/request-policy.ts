import type { RoutedRequest } from './middleware-call';
import { parseCacheControl, deltaSeconds } from './http/cache-control';
import type { ResolvedOptions } from './options';
import { queryParserOf } from './keys/query-parser';
import type { KeyDecision, RequestKeyMemo } from './request-key';

/** How a GET or HEAD request meets the cache. */
export type RequestDecision =
  /** Not eligible: run the route, read and store nothing. */
  | { readonly kind: 'bypass'; readonly reason: string }
  /** Read the cache; on a miss, run the route and store. */
  | { readonly kind: 'lookup'; readonly key: string }
  /** Skip the read (client asked for a fresh answer), run the route, store the result. */
  | { readonly kind: 'refresh'; readonly key: string };

/**
 * Decides, from the request alone, whether the cache may answer it (RFC 9111
 * as a shared cache applies it, plus the safety rules of this package):
 * authenticated requests bypass unless the app opted in; `Cache-Control:
 * no-store` bypasses; `no-cache`, `max-age=0` and `Pragma: no-cache` refresh.
 * Without a `key` option the key is the default one, from `defaultKeys`, built
 * from the target as the app's router and query parser read it; a target they
 * may read differently bypasses with its reason (`fragment`, `malformed-escape`,
 * `too-many-parameters`, `target-form`, `key-length`).
 */
export function decideRequest(req: RoutedRequest, options: ResolvedOptions, defaultKeys: RequestKeyMemo): RequestDecision {
  const headers = req.headers;
  if (options.authenticated === 'bypass' && (headers.authorization !== undefined || headers.cookie !== undefined)) {
    return { kind: 'bypass', reason: 'authenticated' };
  }
  if (options.bypassHeader !== null && headers[options.bypassHeader] !== undefined) {
    return { kind: 'bypass', reason: 'bypass-header' };
  }
  let refresh = false;
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined) {
    const directives = parseCacheControl(cacheControl);
    if (directives.has('no-store')) return { kind: 'bypass', reason: 'no-store' };
    refresh = directives.has('no-cache') || deltaSeconds(directives, 'max-age') === 0;
  } else if (headers.pragma !== undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(headers.pragma)) {
    refresh = true;
  }
  const decision = keyOfRequest(req, options, defaultKeys);
  if (decision.kind === 'bypass') return decision;
  return refresh ? { kind: 'refresh', key: decision.key } : { kind: 'lookup', key: decision.key };
}

/**
 * The key of a request: the `key` option's, else the default key of its
 * target as the app's router and query parser read it (or why it is not cached).
 */
export function keyOfRequest(req: RoutedRequest, options: ResolvedOptions, defaultKeys: RequestKeyMemo): KeyDecision {
  if (options.key === undefined) {
    // req.originalUrl is Express's (and Connect's); plain node:http has only req.url.
    return defaultKeys.keyOf(req.originalUrl ?? req.url ?? '/', queryParserOf(req));
  }
  const key = options.key(req);
  if (key === undefined) return { kind: 'bypass', reason: 'key' };
  if (typeof key !== 'string') throw new TypeError('cacheMiddleware: the key function must return a string or undefined');
  return { kind: 'key', key };
}
