import { CompositeCache, type CompositeCacheOptions, InMemoryCache, LRUCache, type TierErrorEvent } from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import type { Config } from './config/config';

/** Which of the API's caches something concerns. */
export type CacheName = 'data' | 'responses';

/** The caches of one API process. */
export interface Caches {
  /**
   * Products, list pages and counts. Without Redis: LRU L1 in front of an
   * in-memory L2. With `REDIS_URL`: LRU L1 in front of Redis, with the
   * invalidation bus evicting L1 entries that other instances change.
   */
  readonly data: CompositeCache;
  /**
   * The HTTP responses of the response cache, in stores of their own (their
   * own sizes), so that a flood of distinct URLs evicts responses only, never
   * data. Same shape as {@link data}: LRU L1 + in-memory L2, or LRU L1 +
   * Redis (under `${REDIS_KEY_PREFIX}responses:`) on the same bus.
   */
  readonly responses: CompositeCache;
  /** Decoded S3 objects keyed by key + ETag (never stale: a new version has a new ETag), always in process. */
  readonly objects: LRUCache;
  /**
   * The shared tiers and the bus, when `REDIS_URL` is set (also inside {@link data}
   * and {@link responses}; one bus carries the messages of both).
   */
  readonly redis?: { readonly cache: RedisCache; readonly responses: RedisCache; readonly bus: RedisInvalidationBus };
}

/** What the caches report beyond their stats (the runtime logs these). */
export interface CacheHooks {
  /** A tier or the bus of cache `cache` failed; the request went on without it (see `CompositeCacheOptions.onError`). */
  readonly onError?: (error: unknown, event: TierErrorEvent, cache: CacheName) => void;
}

/** The prefix of the response cache's Redis keys: under `REDIS_KEY_PREFIX`, apart from the data keys (which start with `s3v:`). */
export function responseKeyPrefix(config: Pick<Config, 'REDIS_KEY_PREFIX'>): string {
  return `${config.REDIS_KEY_PREFIX}responses:`;
}

/**
 * The caches, sized and timed by the environment.
 *
 * - Data: L1 `LRUCache(CACHE_L1_SIZE, CACHE_L1_TTL)` (L1 never outlives L2),
 *   then L2: `RedisCache` (shared, prefix `REDIS_KEY_PREFIX`) when `REDIS_URL`
 *   is set, else `InMemoryCache(CACHE_L2_SIZE, CACHE_TTL)`.
 * - Responses: L1 `LRUCache(RESPONSE_CACHE_L1_SIZE, CACHE_L1_TTL)`, then L2:
 *   `RedisCache` (prefix `${REDIS_KEY_PREFIX}responses:`, every entry expiring
 *   after `CACHE_TTL`: that ttl is what bounds them in Redis; no lock — the
 *   route's data loads are already locked in the data cache) when `REDIS_URL`
 *   is set, else `InMemoryCache(RESPONSE_CACHE_SIZE, CACHE_TTL)`.
 * - With Redis, both composites share one `RedisInvalidationBus` (channel
 *   `${REDIS_KEY_PREFIX}invalidate`): one subscriber connection delivers the
 *   messages of a write in the order they were sent, so another instance drops
 *   a product's data before the responses built from it (two channels could
 *   deliver them the other way round, and a response rebuilt from the old data
 *   in between would be stored afresh). Each cache also applies the other's
 *   messages to its L1; their keys never overlap, so that costs a lookup.
 * - Objects: `LRUCache(OBJECT_CACHE_SIZE)` without expiry.
 */
export function buildCaches(config: Config, hooks: CacheHooks = {}): Caches {
  const onError = (cache: CacheName): CompositeCacheOptions['onError'] =>
    hooks.onError === undefined ? undefined : (error, event) => hooks.onError?.(error, event, cache);
  const l1Ttl = Math.min(config.CACHE_L1_TTL, config.CACHE_TTL);
  const dataL1 = new LRUCache({ maxSize: config.CACHE_L1_SIZE, defaultTtl: l1Ttl });
  const responseL1 = new LRUCache({ maxSize: config.RESPONSE_CACHE_L1_SIZE, defaultTtl: l1Ttl });
  const objects = new LRUCache({ maxSize: config.OBJECT_CACHE_SIZE, defaultTtl: null, cleanupInterval: null });
  if (config.REDIS_URL === undefined) {
    const dataL2 = new InMemoryCache({ maxSize: config.CACHE_L2_SIZE, defaultTtl: config.CACHE_TTL });
    const responseL2 = new InMemoryCache({ maxSize: config.RESPONSE_CACHE_SIZE, defaultTtl: config.CACHE_TTL });
    return {
      data: new CompositeCache([dataL1, dataL2], { onError: onError('data') }),
      responses: new CompositeCache([responseL1, responseL2], { onError: onError('responses') }),
      objects,
    };
  }
  const shared = (prefix: string, lock: boolean) =>
    new RedisCache({
      url: config.REDIS_URL,
      prefix,
      defaultTtl: config.CACHE_TTL,
      operationTimeout: config.REDIS_TIMEOUT_MS,
      lock: { enabled: lock, wait: config.REDIS_LOCK_WAIT_MS },
    });
  const cache = shared(config.REDIS_KEY_PREFIX, config.REDIS_LOCK);
  const responseCache = shared(responseKeyPrefix(config), false);
  const bus = new RedisInvalidationBus({ url: config.REDIS_URL, channel: `${config.REDIS_KEY_PREFIX}invalidate` });
  const data = new CompositeCache([dataL1, cache], { onError: onError('data'), bus: { transport: bus, localTiers: [0] } });
  // The data cache owns (and closes) the transport.
  const responses = new CompositeCache([responseL1, responseCache], {
    onError: onError('responses'),
    bus: { transport: bus, localTiers: [0], closeTransport: false },
  });
  return { data, responses, objects, redis: { cache, responses: responseCache, bus } };
}

/** Closes every cache: the response cache first (it leaves the bus), then the data cache (it closes the bus). */
export async function closeCaches(caches: Caches): Promise<void> {
  await Promise.all([caches.responses.close(), caches.objects.close()]);
  await caches.data.close();
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
