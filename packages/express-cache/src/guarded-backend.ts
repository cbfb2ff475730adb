import { type CacheBackend, type CacheLease, checkLease, LRUCache, releaseIfPossible, withTimeout } from '@s3verless/cache';

/** Where a guarded call reports what it absorbed: the operation (`get`, `lease`, `set`, `release`), the key, the error. */
export type BackendErrorSink = (operation: string, key: string | undefined, error: unknown) => void;

/**
 * Every call the response cache makes into its backend, guarded so that no
 * failure of the backend escapes as an exception: a method that throws
 * synchronously, rejects, never settles (bounded by `timeoutMs`), or a `lease()`
 * that resolves to something that is not a lease. Reads and leases never
 * reject (a failure is reported to `onError` and reads as a miss / no lease);
 * `fill` and `deletePattern` reject (their callers decide what that means);
 * `release` never throws.
 */
export class GuardedBackend {
  /**
   * Whether reads need no timeout: the in-process `LRUCache` answers `get` at
   * once and cannot hang, so racing it against a timer would only cost every
   * hit a few promises.
   */
  private readonly readsSettleAtOnce: boolean;

  constructor(
    readonly cache: CacheBackend,
    private readonly timeoutMs: number,
    private readonly onError: BackendErrorSink,
  ) {
    this.readsSettleAtOnce = cache.get === LRUCache.prototype.get;
  }

  /**
   * Reads `key` and calls `then` with the value, or with `undefined` when the
   * backend failed or was slow (reported). No promise of its own on the way:
   * this is the path of every hit. `then` must not throw.
   */
  read(key: string, then: (value: unknown) => void): void {
    let pending: Promise<unknown>;
    try {
      pending = this.cache.get(key);
      if (!this.readsSettleAtOnce) pending = withTimeout(Promise.resolve(pending), this.timeoutMs, 'get');
    } catch (error) {
      pending = Promise.reject(error);
    }
    void pending.then(then, (error: unknown) => {
      this.onError('get', key, error);
      then(undefined);
    });
  }

  /** {@link read} as a promise: the value, or `undefined` when the backend failed or was slow (reported). */
  get(key: string): Promise<unknown> {
    return new Promise((resolve) => this.read(key, resolve));
  }

  /**
   * The backend's lease of `key`, or `undefined` when `lease()` fails, is slow
   * or resolves to something that is not a lease (reported). Never rejects. A
   * lease that arrives after the timeout, or a malformed one that can be
   * released, is given back.
   */
  lease(key: string): Promise<CacheLease | undefined> {
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(this.cache.lease(key));
    } catch (error) {
      this.onError('lease', key, error);
      return Promise.resolve(undefined);
    }
    return withTimeout(pending, this.timeoutMs, 'lease').then(
      (value) => {
        try {
          return checkLease(value, key);
        } catch (error) {
          this.onError('lease', key, error);
          this.release(value, key);
          return undefined;
        }
      },
      (error: unknown) => {
        this.onError('lease', key, error);
        pending.then((late) => this.release(late, key), () => undefined);
        return undefined;
      },
    );
  }

  /** Fills `lease`; resolves to whether the backend stored the value, rejects when it failed or was slow. */
  fill(lease: CacheLease, value: unknown, ttl: number): Promise<boolean> {
    return this.call('set', () => lease.fill(value, ttl), this.timeoutMs).then((stored) => stored === true);
  }

  /** Gives a lease back (whatever `lease()` resolved to); what `release()` throws is reported, never thrown. */
  release(lease: unknown, key: string): void {
    try {
      releaseIfPossible(lease);
    } catch (error) {
      this.onError('release', key, error);
    }
  }

  /** `deletePattern`, bounded by `timeoutMs`; resolves to the count removed (0 when the backend's answer is not a count). */
  deletePattern(pattern: string, timeoutMs: number): Promise<number> {
    return this.call('deletePattern', () => this.cache.deletePattern(pattern), timeoutMs).then((removed) =>
      typeof removed === 'number' && removed >= 0 ? removed : 0,
    );
  }

  /** Runs `run` bounded by `timeoutMs`; never throws synchronously. */
  private call<T>(operation: string, run: () => Promise<T>, timeoutMs: number): Promise<T> {
    try {
      return withTimeout(Promise.resolve(run()), timeoutMs, operation);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
