import type { CacheBackend, CacheEntry, CacheLease, CacheStats, SetManyInput } from '../backend';

/** The operations a {@link FaultyCache} can break. */
export type CacheOperation = Exclude<keyof CacheBackend, 'stats'>;

/** Every operation of the contract that a test helper can break (all but `stats`). */
export const CACHE_OPERATIONS: readonly CacheOperation[] = [
  'get', 'getEntry', 'set', 'exists', 'delete', 'deletePattern', 'clear',
  'getMany', 'setMany', 'deleteMany', 'getOrSet', 'lease', 'close',
];

/**
 * Failure injection: wraps a backend and makes chosen operations throw or
 * answer late, to test what a caller does when a tier (Redis, say) breaks.
 *
 * @example
 * ```ts
 * const l2 = new FaultyCache(new InMemoryCache());
 * l2.failWith(new Error('redis down'));       // every operation rejects
 * l2.delayBy(5_000, ['get', 'getEntry']);      // reads answer after 5 s (use fake timers)
 * l2.heal();                                  // back to normal
 * ```
 */
export class FaultyCache implements CacheBackend {
  private failures = new Map<CacheOperation, unknown>();
  private delays = new Map<CacheOperation, number>();
  /** Calls made per operation, failed or not. */
  readonly calls: Record<CacheOperation, number> = Object.fromEntries(
    CACHE_OPERATIONS.map((op) => [op, 0]),
  ) as Record<CacheOperation, number>;

  constructor(readonly inner: CacheBackend) {}

  /** Makes `operations` (default: all) reject with `error`. */
  failWith(error: unknown, operations: readonly CacheOperation[] = CACHE_OPERATIONS): this {
    for (const op of operations) this.failures.set(op, error);
    return this;
  }

  /** Makes `operations` (default: all) settle `ms` milliseconds late (a `setTimeout`). */
  delayBy(ms: number, operations: readonly CacheOperation[] = CACHE_OPERATIONS): this {
    for (const op of operations) this.delays.set(op, ms);
    return this;
  }

  /** Removes every injected failure and delay. */
  heal(): this {
    this.failures.clear();
    this.delays.clear();
    return this;
  }

  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.run('get', () => this.inner.get<T>(key));
  }
  getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    return this.run('getEntry', () => this.inner.getEntry<T>(key));
  }
  set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    return this.run('set', () => this.inner.set(key, value, ttl));
  }
  exists(key: string): Promise<boolean> {
    return this.run('exists', () => this.inner.exists(key));
  }
  delete(key: string): Promise<boolean> {
    return this.run('delete', () => this.inner.delete(key));
  }
  deletePattern(pattern: string): Promise<number> {
    return this.run('deletePattern', () => this.inner.deletePattern(pattern));
  }
  clear(): Promise<void> {
    return this.run('clear', () => this.inner.clear());
  }
  getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    return this.run('getMany', () => this.inner.getMany<T>(keys));
  }
  setMany(entries: SetManyInput, ttl?: number | null): Promise<void> {
    return this.run('setMany', () => this.inner.setMany(entries, ttl));
  }
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.run('deleteMany', () => this.inner.deleteMany(keys));
  }
  getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T> {
    return this.run('getOrSet', () => this.inner.getOrSet(key, loader, ttl));
  }
  /** Taking the lease fails or waits as `lease`; its `fill` fails or waits as `set`. */
  async lease(key: string): Promise<CacheLease> {
    const inner = await this.run('lease', () => this.inner.lease(key));
    return {
      key,
      get valid() {
        return inner.valid;
      },
      fill: (value, ttl) =>
        this.run('set', () => inner.fill(value, ttl)).catch((error: unknown) => {
          inner.release();
          throw error;
        }),
      release: () => inner.release(),
    };
  }
  stats(): CacheStats {
    return this.inner.stats();
  }
  close(): Promise<void> {
    return this.run('close', () => this.inner.close());
  }

  private async run<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T> {
    this.calls[operation]++;
    const delay = this.delays.get(operation);
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    if (this.failures.has(operation)) throw this.failures.get(operation);
    return call();
  }
}
