import { type CacheBackend, CompositeCache, type CompositeCacheOptions, InMemoryCache, LRUCache } from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import type { Config } from './config/config';

/** The caches of one API process. */
export interface Caches {
  /**
   * Products, list pages, counts and HTTP responses. Without Redis: LRU L1 in
   * front of an in-memory L2. With `REDIS_URL`: LRU L1 in front of Redis, with
   * the invalidation bus evicting L1 entries that other instances change.
   */
  readonly data: CompositeCache;
  /** Decoded S3 objects keyed by key + ETag (never stale: a new version has a new ETag), always in process. */
  readonly objects: LRUCache;
  /** The shared tier and the bus, when `REDIS_URL` is set (also inside {@link data}). */
  readonly redis?: { readonly cache: RedisCache; readonly bus: RedisInvalidationBus };
}

/** What the caches report beyond their stats (the runtime logs these). */
export interface CacheHooks {
  /** A tier or the bus failed; the request went on without it (see `CompositeCacheOptions.onError`). */
  readonly onError?: CompositeCacheOptions['onError'];
}

/**
 * The caches, sized and timed by the environment: L1 `LRUCache(CACHE_L1_SIZE,
 * CACHE_L1_TTL)` (L1 never outlives L2), then L2: `RedisCache` (shared, with a
 * `RedisInvalidationBus` on the channel `${REDIS_KEY_PREFIX}invalidate`) when
 * `REDIS_URL` is set, else `InMemoryCache(CACHE_L2_SIZE, CACHE_TTL)`; objects
 * `LRUCache(OBJECT_CACHE_SIZE)` without expiry.
 */
export function buildCaches(config: Config, hooks: CacheHooks = {}): Caches {
  const l1 = new LRUCache({ maxSize: config.CACHE_L1_SIZE, defaultTtl: Math.min(config.CACHE_L1_TTL, config.CACHE_TTL) });
  const objects = new LRUCache({ maxSize: config.OBJECT_CACHE_SIZE, defaultTtl: null, cleanupInterval: null });
  if (config.REDIS_URL === undefined) {
    const l2: CacheBackend = new InMemoryCache({ maxSize: config.CACHE_L2_SIZE, defaultTtl: config.CACHE_TTL });
    return { data: new CompositeCache([l1, l2], { onError: hooks.onError }), objects };
  }
  const cache = new RedisCache({
    url: config.REDIS_URL,
    prefix: config.REDIS_KEY_PREFIX,
    defaultTtl: config.CACHE_TTL,
    operationTimeout: config.REDIS_TIMEOUT_MS,
    lock: { enabled: config.REDIS_LOCK, wait: config.REDIS_LOCK_WAIT_MS },
  });
  const bus = new RedisInvalidationBus({ url: config.REDIS_URL, channel: `${config.REDIS_KEY_PREFIX}invalidate` });
  const data = new CompositeCache([l1, cache], { onError: hooks.onError, bus: { transport: bus, localTiers: [0] } });
  return { data, objects, redis: { cache, bus } };
}

/** Whether Redis answers now (`/readyz`); resolves `'disabled'` without `REDIS_URL`. */
export async function redisCheck(caches: Caches): Promise<'ok' | 'unavailable' | 'disabled'> {
  if (caches.redis === undefined) return 'disabled';
  try {
    await caches.redis.cache.exists('readyz');
    return caches.redis.bus.stats().connected ? 'ok' : 'unavailable';
  } catch {
    return 'unavailable';
  }
}
