import type { CacheBackend, CacheEntry, CacheLease, CacheStats, SetManyInput } from './backend';
import { InvalidArgumentError } from './errors';
import { LeaseTable } from './lease-table';
import { assertKey, assertValue, checkSetMany, ttlToMs } from './validate';

/**
 * What every backend shares: the batch calls expressed through the single
 * ones, and `getOrSet` with single-flight and lease checks. Backends with a
 * network round trip override the batch calls to batch for real.
 */
export abstract class BaseCache implements CacheBackend {
  /** Leases of keys being loaded or read through; writes and invalidations revoke them. */
  protected readonly leases = new LeaseTable();

  abstract get<T = unknown>(key: string): Promise<T | undefined>;
  abstract getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined>;
  abstract set(key: string, value: unknown, ttl?: number | null): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  abstract delete(key: string): Promise<boolean>;
  abstract deletePattern(pattern: string): Promise<number>;
  abstract clear(): Promise<void>;
  abstract stats(): CacheStats;
  abstract close(): Promise<void>;

  async getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    keys.forEach(assertKey);
    const values = await Promise.all(keys.map((key) => this.get<T>(key)));
    const hits = new Map<string, T>();
    values.forEach((value, i) => {
      if (value !== undefined) hits.set(keys[i], value);
    });
    return hits;
  }

  async setMany(entries: SetManyInput, ttl?: number | null): Promise<void> {
    const pairs = checkSetMany(entries, ttl);
    await Promise.all(pairs.map(([key, value]) => this.set(key, value, ttl)));
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    keys.forEach(assertKey);
    const results = await Promise.all(keys.map((key) => this.delete(key)));
    return results.filter(Boolean).length;
  }

  async getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T> {
    assertKey(key);
    ttlToMs(ttl, 0);
    if (typeof loader !== 'function') {
      throw new InvalidArgumentError('getOrSet: loader must be a function');
    }
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const running = this.leases.current(key)?.flight;
    if (running !== undefined) return running as Promise<T>;
    return this.loadMissing(key, loader, ttl);
  }

  /**
   * The miss path of `getOrSet` (nothing cached, no load of `key` in flight):
   * runs `loader` as the key's single flight and stores its result if no write
   * or invalidation of the key came meanwhile. Tiered caches override it.
   */
  protected loadMissing<T>(key: string, loader: () => T | Promise<T>, ttl: number | null | undefined): Promise<T> {
    return this.load(key, loader, ttl);
  }

  async lease(key: string): Promise<CacheLease> {
    assertKey(key);
    return this.localLease(key);
  }

  /**
   * A lease kept in this process only: valid until a write or invalidation of
   * `key` through this cache. Its `fill` stores with {@link set}.
   */
  protected localLease(key: string): CacheLease {
    const lease = this.leases.acquire(key);
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.leases.release(key, lease);
    };
    return {
      key,
      get valid() {
        return held && lease.valid;
      },
      fill: async (value, ttl) => {
        try {
          assertValue(value);
          ttlToMs(ttl, 0);
          // A released lease is no longer revoked by writes: it may not store.
          if (!held || !lease.valid) return false;
          await this.set(key, value, ttl);
          return true;
        } finally {
          release();
        }
      },
      release,
    };
  }

  /** Runs `loader` under a fresh lease and stores its result if the lease is still valid. */
  private load<T>(key: string, loader: () => T | Promise<T>, ttl: number | null | undefined): Promise<T> {
    const lease = this.leases.acquire(key);
    const flight = (async () => {
      try {
        const value = await loader();
        if (value !== undefined && lease.valid) await this.set(key, value, ttl);
        return value;
      } finally {
        lease.flight = undefined;
        this.leases.release(key, lease);
      }
    })();
    lease.flight = flight;
    return flight;
  }
}
