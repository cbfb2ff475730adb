import { CompositeCache, InMemoryCache, LRUCache } from '@s3verless/cache';
import type { Config } from './config/config';

/** The caches of one API process. */
export interface Caches {
  /** Products, list pages, counts and HTTP responses: LRU L1 in front of an in-memory L2. */
  readonly data: CompositeCache;
  /** Decoded S3 objects keyed by key + ETag (never stale: a new version has a new ETag). */
  readonly objects: LRUCache;
}

/**
 * The default single-process caches, sized and timed by the environment:
 * L1 `LRUCache(CACHE_L1_SIZE, CACHE_L1_TTL)`, L2 `InMemoryCache(CACHE_L2_SIZE, CACHE_TTL)`
 * (L1 never outlives L2), objects `LRUCache(OBJECT_CACHE_SIZE)` without expiry.
 */
export function buildCaches(config: Config): Caches {
  const l1Ttl = Math.min(config.CACHE_L1_TTL, config.CACHE_TTL);
  return {
    data: new CompositeCache([
      new LRUCache({ maxSize: config.CACHE_L1_SIZE, defaultTtl: l1Ttl }),
      new InMemoryCache({ maxSize: config.CACHE_L2_SIZE, defaultTtl: config.CACHE_TTL }),
    ]),
    objects: new LRUCache({ maxSize: config.OBJECT_CACHE_SIZE, defaultTtl: null, cleanupInterval: null }),
  };
}
