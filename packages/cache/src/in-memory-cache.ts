import { type Clock, monotonicClock } from './clock';
import { StoreCache } from './store-cache';
import { assertKnownOptions, defaultTtlOptionToMs, intervalOptionToMs, maxSizeOption } from './validate';

/** Options of {@link InMemoryCache}. Every option is validated when the cache is built. */
export interface InMemoryCacheOptions {
  /**
   * Lifetime in seconds of an entry written without a ttl. `null` (or
   * `Infinity`): such entries never expire. Fractions allowed. Default `300`.
   */
  defaultTtl?: number | null;
  /**
   * The most entries held at once, a positive integer, or `null` for no bound
   * (the default). At capacity a new key first displaces an expired entry,
   * then the oldest inserted one (FIFO). Overwriting a key never evicts
   * another and keeps the key's place in the insertion order. `0` is an error.
   */
  maxSize?: number | null;
  /**
   * Seconds between sweeps that remove expired entries even when nothing is
   * written (reads also drop an expired entry they meet). `null` disables the
   * sweep. The timer is `unref()`ed and stopped by `close()`. Default `60`.
   */
  cleanupInterval?: number | null;
  /** Time source for expiry (milliseconds, monotonic). Default: {@link monotonicClock}. */
  clock?: Clock;
}

const KNOWN_OPTIONS = ['defaultTtl', 'maxSize', 'cleanupInterval', 'clock'] as const;

/**
 * A TTL cache with an optional size bound and insertion-order (FIFO)
 * eviction — the guide's `InMemoryCache`. All operations are O(1); expired
 * entries are found through an expiry index, never by scanning.
 *
 * @example
 * ```ts
 * const cache = new InMemoryCache({ defaultTtl: 300, maxSize: 1000 });
 * await cache.set('product:123', { name: 'Lamp' });
 * await cache.get('product:123'); // { name: 'Lamp' }
 * cache.stats(); // { size: 1, maxSize: 1000, defaultTtl: 300, hits: 1, ... }
 * ```
 */
export class InMemoryCache extends StoreCache {
  constructor(options: InMemoryCacheOptions = {}) {
    assertKnownOptions(options, KNOWN_OPTIONS, 'InMemoryCache');
    super({
      maxSize: maxSizeOption(options.maxSize === undefined ? null : options.maxSize, true),
      defaultTtlMs: defaultTtlOptionToMs(options.defaultTtl === undefined ? 300 : options.defaultTtl),
      cleanupIntervalMs: intervalOptionToMs(
        options.cleanupInterval === undefined ? 60 : options.cleanupInterval,
      ),
      clock: options.clock ?? monotonicClock,
      recencyOrder: false,
    });
  }
}
