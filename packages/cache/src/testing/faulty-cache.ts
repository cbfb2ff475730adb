import type { CacheLease } from '../backend';
import { CACHE_OPERATIONS, type CacheOperation, InterceptingCache } from './intercepting-cache';


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
export class FaultyCache extends InterceptingCache {
  private failures = new Map<CacheOperation, unknown>();
  private delays = new Map<CacheOperation, number>();
  /** Calls made per operation, failed or not. */
  readonly calls: Record<CacheOperation, number> = Object.fromEntries(
    CACHE_OPERATIONS.map((op) => [op, 0]),
  ) as Record<CacheOperation, number>;

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

  /** Taking the lease fails or waits as `lease`; its `fill` fails or waits as `set`. */
  async lease(key: string): Promise<CacheLease> {
    const inner = await this.intercept('lease', () => this.inner.lease(key));
    return {
      key,
      get valid() {
        return inner.valid;
      },
      fill: (value, ttl) =>
        this.intercept('set', () => inner.fill(value, ttl)).catch((error: unknown) => {
          inner.release();
          throw error;
        }),
      release: () => inner.release(),
    };
  }
  protected async intercept<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T> {
    this.calls[operation]++;
    const delay = this.delays.get(operation);
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    if (this.failures.has(operation)) throw this.failures.get(operation);
    return call();
  }
}
