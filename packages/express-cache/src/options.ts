import type { IncomingMessage } from 'node:http';
import { assertCacheBackend, type CacheBackend, type Clock, InvalidOptionError, LRUCache } from '@s3verless/cache';
import type { ResponseCacheEvent } from './events';
import type { RoutedRequest } from './middleware-call';
import {
  HTTP_POLICY_OPTIONS, type HttpPolicyOptions, resolveHttpPolicyOptions, type ResolvedHttpPolicyOptions, TTL_POLICY_OPTIONS,
} from './http-policy/options';

/**
 * Options of {@link cacheMiddleware}. Every option is validated when the
 * middleware is built; a wrong one throws `InvalidOptionError` naming it.
 */
export interface ResponseCacheOptions<Req extends IncomingMessage = IncomingMessage> extends HttpPolicyOptions {
  /**
   * How freshness is decided. `'ttl'` (default): the application's `ttl`, which
   * a response's own `s-maxage`/`max-age` can only shorten. `'http'`: a shared
   * HTTP cache (RFC 9111) obeying each response's `Cache-Control` (or
   * `CDN-Cache-Control`), `Expires`, `Age`, `Vary` and validators, and each
   * request's directives; `ttl`, `staleWhileRevalidate`, `staleIfError`,
   * `statuses`, `varyHeaders` and `storeHeaders` are then refused (the
   * response's headers decide them). See "policy: 'http'" in the README.
   */
  policy?: 'ttl' | 'http';
  /**
   * Where responses are stored: any `@s3verless/cache` backend (an `LRUCache`,
   * a `CompositeCache` with a Redis tier, ...). Default: a new
   * `LRUCache({ maxSize: 1000 })`. Middleware instances that share a backend
   * also share their in-flight bookkeeping, so invalidating through one
   * protects the others. An object that lacks a method of the backend contract
   * is refused with `IncompleteBackendError` (an `InvalidOptionError`) naming
   * the missing methods.
   */
  cache?: CacheBackend;
  /** Seconds a stored response is fresh. A response's own `s-maxage`/`max-age` can only shorten it. Default `60`. */
  ttl?: number;
  /**
   * Seconds after `ttl` during which a stale copy is served (`X-Cache: STALE`)
   * while one request refreshes it. Default `0` (off).
   */
  staleWhileRevalidate?: number;
  /**
   * Seconds after `ttl` during which a stale copy replaces a 5xx answer or a
   * thrown error of the route. Default `0` (off).
   */
  staleIfError?: number;
  /**
   * Statuses that may be stored. Default `[200]`. Allowed: 200, 203, 204, 404,
   * 405, 410, 414 (never 206, 304, a redirect or a 5xx).
   */
  statuses?: readonly number[];
  /** Larger bodies stream through untouched and are not stored (never held whole). Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * The cache key of a request; `undefined` means "do not cache this request".
   * Default: `{keyPrefix}:{path}:{normalised query}`. `req` is the request
   * your framework passes: annotate it (`key: (req: Request) => ...` with
   * Express's `Request`) to use the framework's properties.
   */
  key?: (req: Req) => string | undefined;
  /** First segment of default keys. Default `'response'` (the guide's format). */
  keyPrefix?: string;
  /** Default keys longer than this hash their query (then whole URL). Default `512`. */
  maxKeyLength?: number;
  /**
   * Requests with `Authorization` or `Cookie`: `'bypass'` (default) serves and
   * stores nothing for them; `'cache'` caches them too — only with a `key`
   * function that puts the caller's identity in the key.
   */
  authenticated?: 'bypass' | 'cache';
  /**
   * Request headers your `key` includes. A response with `Vary` on any other
   * header (except `Accept-Encoding`, handled by storing the identity body) is
   * not stored. Default `[]`.
   */
  varyHeaders?: readonly string[];
  /**
   * A request header that, when present, bypasses the cache. Off by default: a
   * client must not be able to skip the cache with a custom header unless the
   * app wants it. Standard `Cache-Control: no-store`/`no-cache` are honoured.
   */
  bypassHeader?: string | null;
  /** Extra response headers to store and replay (lowercase), beyond the content headers. */
  storeHeaders?: readonly string[];
  /** Milliseconds a backend call (`get`, `lease`, a lease's `fill`) may take before it counts as failed (a miss, nothing stored). Default `250`. */
  backendTimeout?: number;
  /** Milliseconds an invalidation may take before it rejects. Default `5000`. */
  invalidationTimeout?: number;
  /** Milliseconds a coalesced request waits for the leader before running the route itself. Default `10000`. */
  coalesceTimeout?: number;
  /** The cache's name in `Cache-Status` (RFC 9211). Default `'s3verless'`. */
  cacheStatusName?: string;
  /** Wall clock in milliseconds, for `Age` and freshness. Default `Date.now`. Inject one in tests. */
  clock?: Clock;
  /** Called for every hit, miss, stale, bypass, coalesced, store, error and invalidation. */
  onEvent?: (event: ResponseCacheEvent) => void;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  readonly policy: 'ttl' | 'http';
  /** The `policy: 'http'` options (defaults when the policy is `'ttl'`, which ignores them). */
  readonly http: ResolvedHttpPolicyOptions;
  readonly cache: CacheBackend;
  readonly ttl: number;
  readonly staleWhileRevalidate: number;
  readonly staleIfError: number;
  readonly statuses: ReadonlySet<number>;
  readonly maxBodyBytes: number;
  readonly key: ((req: RoutedRequest) => string | undefined) | undefined;
  readonly keyPrefix: string;
  readonly maxKeyLength: number;
  readonly authenticated: 'bypass' | 'cache';
  readonly varyHeaders: ReadonlySet<string>;
  readonly bypassHeader: string | null;
  readonly storeHeaders: ReadonlySet<string>;
  readonly backendTimeout: number;
  readonly invalidationTimeout: number;
  readonly coalesceTimeout: number;
  readonly cacheStatusName: string;
  readonly clock: Clock;
  readonly onEvent: ((event: ResponseCacheEvent) => void) | undefined;
}

const STORABLE_STATUSES = [200, 203, 204, 404, 405, 410, 414];
const KNOWN = [
  'cache', 'ttl', 'staleWhileRevalidate', 'staleIfError', 'statuses', 'maxBodyBytes', 'key', 'keyPrefix',
  'maxKeyLength', 'authenticated', 'varyHeaders', 'bypassHeader', 'storeHeaders', 'backendTimeout',
  'invalidationTimeout', 'coalesceTimeout', 'cacheStatusName', 'clock', 'onEvent', 'policy', ...HTTP_POLICY_OPTIONS,
];
const wallClock: Clock = { now: Date.now };

/** Applies defaults and validates; throws `InvalidOptionError` naming the first bad option. */
export function resolveOptions<Req extends IncomingMessage>(options: ResponseCacheOptions<Req>): ResolvedOptions {
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name)) throw new InvalidOptionError(name, `is not an option of cacheMiddleware; known: ${KNOWN.join(', ')}`);
  }
  const policy = options.policy ?? 'ttl';
  if (policy !== 'ttl' && policy !== 'http') throw new InvalidOptionError('policy', `must be 'ttl' or 'http'; got ${String(policy)}`);
  const present = (name: string) => (options as Record<string, unknown>)[name] !== undefined;
  const refused = (policy === 'http' ? TTL_POLICY_OPTIONS : HTTP_POLICY_OPTIONS).find(present);
  if (refused !== undefined) {
    throw new InvalidOptionError(refused, policy === 'http'
      ? `is not used with policy 'http': each response's own headers decide it`
      : `is only used with policy 'http'`);
  }
  const ttl = positive('ttl', options.ttl ?? 60);
  const staleWhileRevalidate = nonNegative('staleWhileRevalidate', options.staleWhileRevalidate ?? 0);
  const staleIfError = nonNegative('staleIfError', options.staleIfError ?? 0);
  const statuses = options.statuses ?? [200];
  if (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((s) => STORABLE_STATUSES.includes(s))) {
    throw new InvalidOptionError('statuses', `must be a non-empty list of ${STORABLE_STATUSES.join(', ')}`);
  }
  const authenticated = options.authenticated ?? 'bypass';
  if (authenticated !== 'bypass' && authenticated !== 'cache') {
    throw new InvalidOptionError('authenticated', `must be 'bypass' or 'cache'`);
  }
  if (authenticated === 'cache' && options.key === undefined) {
    throw new InvalidOptionError('authenticated', `'cache' needs a key function that includes the caller's identity`);
  }
  if (options.key !== undefined && typeof options.key !== 'function') {
    throw new InvalidOptionError('key', 'must be a function (req) => string | undefined');
  }
  // Refused now, naming what is missing, rather than failing on the first request.
  if (options.cache !== undefined) assertCacheBackend(options.cache, 'cache');
  const keyPrefix = options.keyPrefix ?? 'response';
  if (typeof keyPrefix !== 'string' || keyPrefix === '' || /[*?[]/.test(keyPrefix)) {
    throw new InvalidOptionError('keyPrefix', 'must be a non-empty string without glob characters * ? [');
  }
  return {
    policy,
    http: resolveHttpPolicyOptions(options),
    cache: options.cache ?? new LRUCache({ maxSize: 1000, defaultTtl: ttl + Math.max(staleWhileRevalidate, staleIfError) }),
    ttl,
    staleWhileRevalidate,
    staleIfError,
    statuses: new Set(statuses),
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes ?? 1024 * 1024, 1),
    // The framework calls the middleware with its own request (a `Req`).
    key: options.key as ((req: RoutedRequest) => string | undefined) | undefined,
    keyPrefix,
    maxKeyLength: integer('maxKeyLength', options.maxKeyLength ?? 512, keyPrefix.length + 50),
    authenticated,
    varyHeaders: headerSet('varyHeaders', options.varyHeaders ?? []),
    bypassHeader: options.bypassHeader ? headerName('bypassHeader', options.bypassHeader) : null,
    storeHeaders: headerSet('storeHeaders', options.storeHeaders ?? []),
    backendTimeout: positive('backendTimeout', options.backendTimeout ?? 250),
    invalidationTimeout: positive('invalidationTimeout', options.invalidationTimeout ?? 5000),
    coalesceTimeout: positive('coalesceTimeout', options.coalesceTimeout ?? 10_000),
    cacheStatusName: options.cacheStatusName ?? 's3verless',
    clock: options.clock ?? wallClock,
    onEvent: options.onEvent,
  };
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new InvalidOptionError(name, `must be a positive finite number; got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new InvalidOptionError(name, `must be a number of seconds >= 0; got ${String(value)}`);
  }
  return value;
}

function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidOptionError(name, `must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

function headerName(option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
    throw new InvalidOptionError(option, `must be HTTP header names; got ${String(value)}`);
  }
  return value.toLowerCase();
}

function headerSet(option: string, values: unknown): ReadonlySet<string> {
  if (!Array.isArray(values)) throw new InvalidOptionError(option, 'must be an array of header names');
  return new Set(values.map((v) => headerName(option, v)));
}
