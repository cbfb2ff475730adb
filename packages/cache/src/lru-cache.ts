import { type Clock, monotonicClock } from './clock';
import { StoreCache } from './store-cache';
import { assertKnownOptions, defaultTtlOptionToMs, intervalOptionToMs, maxSizeOption } from './validate';

/** Options of {@link LRUCache}. Every option is validated when the cache is built. */
export interface LRUCacheOptions {
  /**
   * The most entries held at once: a positive integer (an LRU always has a
   * bound). At capacity the least recently used entry is evicted, unless an
   * expired entry can make room instead. Default `1000`.
   */
  maxSize?: number;
  /**
   * Lifetime in seconds of an entry written without a ttl. `null` (or
   * `Infinity`): such entries never expire. Fractions allowed. Default `300`.
   */
  defaultTtl?: number | null;
  /**
   * Seconds between sweeps that remove expired entries even when nothing is
   * written. `null` disables the sweep. The timer is `unref()`ed and stopped by
   * `close()`. Default `60`.
   */
  cleanupInterval?: number | null;
  /** Time source for expiry (milliseconds, monotonic). Default: {@link monotonicClock}. */
  clock?: Clock;
}

const KNOWN_OPTIONS = ['maxSize', 'defaultTtl', 'cleanupInterval', 'clock'] as const;

/**
 * A bounded cache that evicts the least recently used entry, with TTLs and
 * hit-rate tracking — the guide's `LRUCache`. `get` (a hit) and `set` make a
 * key the most recent; `exists` does not. get, set, delete and eviction are
 * O(1) and allocate nothing once the cache has grown (slots in typed arrays, as
 * the `lru-cache` package does).
 *
 * @example
 * ```ts
 * const cache = new LRUCache({ maxSize: 1000, defaultTtl: 300 });
 * await cache.set('a', 1);
 * await cache.get('a'); // 1
 * cache.stats().hitRate; // 1
 * ```
 */
export class LRUCache extends StoreCache {
  constructor(options: LRUCacheOptions = {}) {
    assertKnownOptions(options, KNOWN_OPTIONS, 'LRUCache');
    super({
      maxSize: maxSizeOption(options.maxSize === undefined ? 1000 : options.maxSize, false),
      defaultTtlMs: defaultTtlOptionToMs(options.defaultTtl === undefined ? 300 : options.defaultTtl),
      cleanupIntervalMs: intervalOptionToMs(
        options.cleanupInterval === undefined ? 60 : options.cleanupInterval,
      ),
      clock: options.clock ?? monotonicClock,
      recencyOrder: true,
    });
  }
}
