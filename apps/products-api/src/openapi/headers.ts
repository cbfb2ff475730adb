import { ref, type HeaderObject, type ParameterObject, type Reference } from './types';

/**
 * Headers of the routes behind the response cache (`@s3verless/express-cache`): the cache's own
 * response headers, the validators, and the request headers a client can steer it with.
 */
export const RESPONSE_HEADERS: Readonly<Record<string, HeaderObject>> = {
  XCache: {
    description:
      'How the response cache answered: `HIT` (fresh copy), `REVALIDATED` (a stale copy the route confirmed with a `304`), ' +
      '`STALE` (stale copy served while it refreshes or while the origin fails, as the request allows), ' +
      '`MISS` (the route ran; the answer was stored when cacheable) or `BYPASS` (the cache was skipped, e.g. `Cache-Control: no-store`).',
    schema: { type: 'string', enum: ['HIT', 'REVALIDATED', 'MISS', 'STALE', 'BYPASS'] },
  },
  CacheStatus: {
    description:
      'RFC 9211 `Cache-Status`, e.g. `s3verless; hit; ttl=42` or `s3verless; fwd=miss; stored` ' +
      '(`fwd` is miss, request, stale or bypass; `fwd-status=304` when a stale or `no-cache` copy was revalidated; ' +
      '`collapsed` when the answer was shared with a concurrent request).',
    schema: { type: 'string' },
  },
  Age: {
    description: 'Seconds since the cached copy was stored (RFC 9111); only on answers served from the cache.',
    schema: { type: 'integer', minimum: 0 },
  },
  ETag: {
    description: 'Validator of the body (Express\'s weak `W/"…"` form); send it back in `If-None-Match` to get a `304 Not Modified`.',
    schema: { type: 'string' },
  },
  CacheControl: {
    description:
      '`no-cache`: browsers, CDNs and proxies may store the answer but must revalidate it (`If-None-Match`) before each reuse; ' +
      'only the API\'s own response cache, which every write invalidates, reuses it without asking.',
    schema: { type: 'string', enum: ['no-cache'] },
  },
  S3verlessCacheControl: {
    description:
      'RFC 9213 targeted cache control for the API\'s own response cache only: `max-age=CACHE_TTL` (seconds it may keep the answer).',
    schema: { type: 'string' },
  },
  Allow: {
    description: 'The methods this path takes, e.g. `GET, HEAD, POST, OPTIONS` (on a 405, and on the 204 answer to `OPTIONS`).',
    required: true,
    schema: { type: 'string' },
  },
  Location: {
    description: 'URL of the created product.',
    required: true,
    schema: { type: 'string', format: 'uri-reference' },
  },
};

/** The headers of a response of a cached route (200 and 304). */
export function cachedResponseHeaders(): Record<string, Reference> {
  return {
    'X-Cache': ref('headers', 'XCache'),
    'Cache-Status': ref('headers', 'CacheStatus'),
    Age: ref('headers', 'Age'),
    ETag: ref('headers', 'ETag'),
    'Cache-Control': ref('headers', 'CacheControl'),
    'S3verless-Cache-Control': ref('headers', 'S3verlessCacheControl'),
  };
}

/** Request headers honoured by the cached routes. */
export const CACHE_REQUEST_PARAMETERS: Readonly<Record<string, ParameterObject>> = {
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    description: 'ETag(s) of a copy the client holds: the answer is `304 Not Modified`, without a body, when one still matches.',
    schema: { type: 'string' },
  },
  CacheControl: {
    name: 'Cache-Control',
    in: 'header',
    description:
      'RFC 9111 request directives: `no-cache` or `max-age=0`: revalidate the cached copy (the route runs; a `304` from it renews the copy); ' +
      '`no-store`: bypass the cache; `max-age=N`, `min-fresh=N`, `max-stale[=N]`: limits on the age of a copy served; ' +
      '`only-if-cached`: `504` when no suitable copy is stored.',
    schema: { type: 'string' },
  },
};

/** References to {@link CACHE_REQUEST_PARAMETERS}. */
export function cacheRequestParameterRefs(): Reference[] {
  return Object.keys(CACHE_REQUEST_PARAMETERS).map((name) => ref('parameters', name));
}

/** The `304 Not Modified` answer of a cached route. */
export const NOT_MODIFIED_RESPONSE = 'NotModified';
