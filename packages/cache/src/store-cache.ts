import type { CacheEntry } from './backend';
import { BaseCache } from './base-cache';
import type { Clock } from './clock';
import { compileGlob } from './glob';
import { EntryStore, SCAN_SLICE } from './store/entry-store';
import { yieldToEventLoop } from './store/yield';
import { assertKey, assertValue, ttlToMs } from './validate';

/** Validated settings of a {@link StoreCache}. */
export interface StoreCacheSettings {
  readonly maxSize: number | null;
  /** Default lifetime in milliseconds; `Infinity` for never. */
  readonly defaultTtlMs: number;
  /** Sweep period in milliseconds, or `null` for no sweep. */
  readonly cleanupIntervalMs: number | null;
  readonly clock: Clock;
  /** Whether reads and overwrites make an entry the newest (LRU) or not (FIFO). */
  readonly recencyOrder: boolean;
}

/** Counters and settings reported by `stats()` of the in-process caches. */
export type StoreCacheStats = {
  /** Live entries (expired ones are removed before counting). */
  readonly size: number;
  readonly maxSize: number | null;
  /** Default ttl in seconds, or `null` when entries without a ttl never expire. */
  readonly defaultTtl: number | null;
  readonly hits: number;
  readonly misses: number;
  /** `hits / (hits + misses)`, `0` before any lookup. */
  readonly hitRate: number;
  /** Live entries removed to make room. */
  readonly evictions: number;
  /** Expired entries removed (read, sweep or eviction). */
  readonly expirations: number;
};

/**
 * The in-process backends (`InMemoryCache`, `LRUCache`): the contract on top
 * of an {@link EntryStore}, with hit/miss counters and a periodic sweep of
 * expired entries that runs without any write and never blocks the event
 * loop for more than one slice of work.
 */
export abstract class StoreCache extends BaseCache {
  /**
   * The storage engine (not part of the public API).
   * @internal
   */
  protected readonly store: EntryStore;
  private readonly settings: StoreCacheSettings;
  /** Copy of `settings.recencyOrder`, read on every get. */
  private readonly touchOnRead: boolean;
  /** Copy of `settings.defaultTtlMs`, read on every set. */
  private readonly defaultTtlMs: number;
  private hits = 0;
  private misses = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  protected constructor(settings: StoreCacheSettings) {
    super();
    this.settings = settings;
    this.touchOnRead = settings.recencyOrder;
    this.defaultTtlMs = settings.defaultTtlMs;
    this.store = new EntryStore(settings.maxSize, settings.recencyOrder, settings.clock);
    if (settings.cleanupIntervalMs !== null) {
      this.sweepTimer = setInterval(() => void this.purgeExpired(), settings.cleanupIntervalMs);
      this.sweepTimer.unref();
    }
  }

  /** {@inheritDoc CacheBackend.get} */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    if (typeof key !== 'string') assertKey(key);
    const value = this.store.read(key, this.touchOnRead);
    if (value === undefined) this.misses++;
    else this.hits++;
    return value as T | undefined;
  }

  /** {@inheritDoc CacheBackend.getEntry} */
  async getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    const value = await this.get<T>(key);
    if (value === undefined) return undefined;
    return { value, ttl: (this.store.remainingMs(key) as number) / 1000 };
  }

  /** {@inheritDoc CacheBackend.set} */
  async set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    if (typeof key !== 'string') assertKey(key);
    if (value === undefined) assertValue(value);
    const ttlMs = ttl === undefined ? this.defaultTtlMs : ttlToMs(ttl, this.defaultTtlMs);
    if (this.leases.size !== 0) this.leases.revoke(key);
    this.store.write(key, value, ttlMs);
  }

  /** {@inheritDoc CacheBackend.exists} */
  async exists(key: string): Promise<boolean> {
    assertKey(key);
    return this.store.has(key);
  }

  /** {@inheritDoc CacheBackend.delete} */
  async delete(key: string): Promise<boolean> {
    assertKey(key);
    this.leases.revoke(key);
    return this.store.remove(key);
  }

  /** {@inheritDoc CacheBackend.deletePattern} */
  async deletePattern(pattern: string): Promise<number> {
    const matcher = compileGlob(pattern);
    this.leases.revokeMatching(matcher);
    return this.store.removeMatching(matcher);
  }

  /** {@inheritDoc CacheBackend.clear} */
  async clear(): Promise<void> {
    this.leases.revokeAll();
    this.store.clear();
    this.hits = 0;
    this.misses = 0;
  }

  /**
   * Removes every expired entry now, in slices of `SCAN_SLICE` (10,000) slots with the
   * event loop running between them. The periodic sweep calls this; calls
   * while a sweep runs share it. Resolves to the number removed.
   */
  purgeExpired(): Promise<number> {
    this.sweeping ??= this.sweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Counters and settings of this cache (see {@link StoreCacheStats}). */
  stats(): StoreCacheStats {
    this.store.purgeExpired(Infinity, true);
    const lookups = this.hits + this.misses;
    const { defaultTtlMs } = this.settings;
    return {
      size: this.store.size,
      maxSize: this.settings.maxSize,
      defaultTtl: defaultTtlMs === Infinity ? null : defaultTtlMs / 1000,
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
      evictions: this.store.counters.evictions,
      expirations: this.store.counters.expirations,
    };
  }

  /** Stops the periodic sweep. The cache stays usable (expiry on read still applies). Idempotent. */
  async close(): Promise<void> {
    if (this.sweepTimer !== undefined) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = this.store.purgeExpired(SCAN_SLICE, true);
      total += removed;
      if (removed < SCAN_SLICE) return total;
      await yieldToEventLoop();
    }
  }
}
