import type { CacheBackend, CacheEntry, CacheLease, CacheStats, SetManyInput } from '../backend';
import { InvalidArgumentError } from '../errors';
import { compileGlob } from '../glob';
import { assertKey, assertValue, checkSetMany, ttlToMs } from '../validate';

/**
 * A backend that stores nothing: every read misses, every write is accepted
 * and dropped. It is the "no cache at all" baseline of benchmarks, and a way to
 * run code written against {@link CacheBackend} with caching switched off.
 *
 * Arguments are validated as the real backends validate them (a non-string
 * key, `undefined` as a value or a bad ttl throw the same errors), so code
 * that works against a `NullCache` does not break on a real backend for that.
 *
 * `getOrSet` runs the loader on **every** call and never makes concurrent
 * callers share a run (no single-flight): with a `NullCache`, every read
 * reaches the source.
 *
 * @example
 * ```ts
 * const cache = new NullCache();
 * await cache.set('a', 1);
 * await cache.get('a');                    // undefined
 * await cache.getOrSet('a', () => load()); // calls load() every time
 * ```
 */
export class NullCache implements CacheBackend {
  private reads = 0;
  private writes = 0;
  private loads = 0;

  async get<T = unknown>(key: string): Promise<T | undefined> {
    assertKey(key);
    this.reads += 1;
    return undefined;
  }

  async getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    assertKey(key);
    this.reads += 1;
    return undefined;
  }

  async set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    assertKey(key);
    assertValue(value);
    ttlToMs(ttl, 0);
    this.writes += 1;
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    return false;
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    return false;
  }

  async deletePattern(pattern: string): Promise<number> {
    compileGlob(pattern);
    return 0;
  }

  async clear(): Promise<void> {}

  async getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    keys.forEach(assertKey);
    this.reads += keys.length;
    return new Map();
  }

  async setMany(entries: SetManyInput, ttl?: number | null): Promise<void> {
    const pairs = checkSetMany(entries, ttl);
    this.writes += pairs.length;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    keys.forEach(assertKey);
    return 0;
  }

  async getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T> {
    assertKey(key);
    ttlToMs(ttl, 0);
    if (typeof loader !== 'function') throw new InvalidArgumentError('getOrSet: loader must be a function');
    this.reads += 1;
    this.loads += 1;
    return loader();
  }

  /** A lease whose `fill` validates its arguments and stores nothing (resolves `false`). */
  async lease(key: string): Promise<CacheLease> {
    assertKey(key);
    return {
      key,
      valid: true,
      fill: async (value, ttl) => {
        assertValue(value);
        ttlToMs(ttl, 0);
        this.writes += 1;
        return false;
      },
      release: () => undefined,
    };
  }

  /** `{ size: 0, reads, writes, loads }`: calls seen (every read a miss, every write dropped, loader runs). */
  stats(): CacheStats {
    return { size: 0, reads: this.reads, writes: this.writes, loads: this.loads };
  }

  async close(): Promise<void> {}
}
