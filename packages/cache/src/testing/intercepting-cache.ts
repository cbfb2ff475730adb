import type { CacheBackend, CacheEntry, CacheLease, CacheStats, SetManyInput } from '../backend';

/** The operations a test wrapper can intercept (every method of the contract but `stats`). */
export type CacheOperation = Exclude<keyof CacheBackend, 'stats'>;

/** Every operation of the contract that a test helper can break (all but `stats`). */
export const CACHE_OPERATIONS: readonly CacheOperation[] = [
  'get', 'getEntry', 'set', 'exists', 'delete', 'deletePattern', 'clear',
  'getMany', 'setMany', 'deleteMany', 'getOrSet', 'lease', 'close',
];

/**
 * The base of the failure-injection wrappers ({@link FaultyCache},
 * `MisbehavingCache`): every operation of `inner` goes through
 * {@link intercept}, which decides whether it runs, fails, or waits; `lease`
 * is left to each wrapper (what a lease's `fill` and `release` do differs).
 */
export abstract class InterceptingCache implements CacheBackend {
  constructor(readonly inner: CacheBackend) {}

  /** Runs `call` (the operation on `inner`), or fails or delays it. */
  protected abstract intercept<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T>;

  abstract lease(key: string): Promise<CacheLease>;

  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.intercept('get', () => this.inner.get<T>(key));
  }
  getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    return this.intercept('getEntry', () => this.inner.getEntry<T>(key));
  }
  set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    return this.intercept('set', () => this.inner.set(key, value, ttl));
  }
  exists(key: string): Promise<boolean> {
    return this.intercept('exists', () => this.inner.exists(key));
  }
  delete(key: string): Promise<boolean> {
    return this.intercept('delete', () => this.inner.delete(key));
  }
  deletePattern(pattern: string): Promise<number> {
    return this.intercept('deletePattern', () => this.inner.deletePattern(pattern));
  }
  clear(): Promise<void> {
    return this.intercept('clear', () => this.inner.clear());
  }
  getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    return this.intercept('getMany', () => this.inner.getMany<T>(keys));
  }
  setMany(entries: SetManyInput, ttl?: number | null): Promise<void> {
    return this.intercept('setMany', () => this.inner.setMany(entries, ttl));
  }
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.intercept('deleteMany', () => this.inner.deleteMany(keys));
  }
  getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T> {
    return this.intercept('getOrSet', () => this.inner.getOrSet(key, loader, ttl));
  }
  stats(): CacheStats {
    return this.inner.stats();
  }
  close(): Promise<void> {
    return this.intercept('close', () => this.inner.close());
  }
}
