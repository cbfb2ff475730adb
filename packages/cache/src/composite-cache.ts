import type { CacheBackend, CacheEntry, CacheStats } from './backend';
import { BaseCache } from './base-cache';
import { InvalidOptionError, TierInvalidationError, type TierFailure } from './errors';
import { compileGlob } from './glob';
import { withTimeout } from './timeout';
import { assertKey, assertKnownOptions, assertValue, describe, ttlToMs } from './validate';

/** A tier with settings of its own. */
export interface TierConfig {
  readonly cache: CacheBackend;
  /**
   * Milliseconds an operation on this tier may take before it counts as failed
   * (reads: a miss; writes: skipped; invalidations: an error). Default: no limit,
   * which suits in-process tiers; a network tier has its own timeout too.
   */
  readonly timeout?: number;
}

/** What {@link CompositeCacheOptions.onError} learns about a failed tier operation. */
export interface TierErrorEvent {
  /** Position of the tier (0 = first). */
  readonly tier: number;
  /** The tier's class name, e.g. `RedisCache`. */
  readonly type: string;
  readonly operation: string;
  /** The key or pattern concerned, when there is one. */
  readonly subject?: string;
}

/** Options of {@link CompositeCache}. */
export interface CompositeCacheOptions {
  /**
   * Called for every failed tier operation (after it is counted in `stats()`).
   * Reads and writes degrade (the request goes on without that tier);
   * invalidations also throw {@link TierInvalidationError}. Default: none.
   */
  onError?: (error: unknown, event: TierErrorEvent) => void;
}

/** `stats()` of a {@link CompositeCache}. */
export type CompositeCacheStats = {
  /** Each tier's own stats, with its class name and the count of its failed operations. */
  readonly tiers: ReadonlyArray<{ readonly type: string; readonly failures: number } & CacheStats>;
};

/** The result of a tier operation that failed (already counted and reported). */
class Failed {
  constructor(readonly error: unknown) {}
}
type Outcome<T> = T | Failed;

/**
 * Tiers of caches, fastest first (the guide's `CompositeCache`): a read asks
 * the tiers in order and the first hit wins — a fast miss never beats a slower
 * hit — and is copied into the earlier tiers for no longer than it has left
 * (and no longer than that tier's own default ttl). Writes and invalidations go
 * to every tier.
 *
 * A failing or slow tier never fails a read or a write: it counts as a miss or
 * is skipped, and the failure is counted and reported to `onError`. An
 * invalidation (`delete`, `deleteMany`, `deletePattern`, `clear`) that could
 * not reach every tier is never lost silently: it is tried on every tier and
 * then rejects with {@link TierInvalidationError}.
 *
 * `close()` closes every tier.
 *
 * @example
 * ```ts
 * const cache = new CompositeCache([
 *   new LRUCache({ maxSize: 100, defaultTtl: 60 }),      // L1: fast, small
 *   new InMemoryCache({ maxSize: 1000, defaultTtl: 300 }), // L2: larger
 * ]);
 * ```
 */
export class CompositeCache extends BaseCache {
  private readonly tiers: readonly CacheBackend[];
  private readonly timeouts: readonly (number | undefined)[];
  /** Longest ttl (seconds) a promoted entry may get in each tier: the tier's default. */
  private readonly promotionCaps: readonly number[];
  private readonly failures: number[];
  private readonly onError: CompositeCacheOptions['onError'];

  constructor(tiers: ReadonlyArray<CacheBackend | TierConfig>, options: CompositeCacheOptions = {}) {
    super();
    assertKnownOptions(options, ['onError'], 'CompositeCache');
    if (!Array.isArray(tiers) || tiers.length === 0) {
      throw new InvalidOptionError('tiers', 'CompositeCache needs at least one tier, fastest first');
    }
    const configs = tiers.map(toTierConfig);
    this.tiers = configs.map((c) => c.cache);
    this.timeouts = configs.map((c) => c.timeout);
    this.failures = configs.map(() => 0);
    this.onError = options.onError;
    const defaults = this.tiers.map(defaultTtlOf);
    this.promotionCaps = defaults;
    warnWhenEarlierTierOutlivesLater(defaults);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.lookup<T>(key))?.value;
  }

  async getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    return this.lookup<T>(key);
  }

  async set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    assertKey(key);
    assertValue(value);
    ttlToMs(ttl, 0);
    this.leases.revoke(key);
    await Promise.all(
      this.tiers.map(async (_, i) => {
        const written = await this.attempt(i, 'set', key, (t) => t.set(key, value, ttl));
        // A tier that missed the write must not keep serving an older value.
        if (written instanceof Failed) await this.attempt(i, 'delete', key, (t) => t.delete(key));
      }),
    );
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    for (let i = 0; i < this.tiers.length; i++) {
      if ((await this.attempt(i, 'exists', key, (t) => t.exists(key))) === true) return true;
    }
    return false;
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    this.leases.revoke(key);
    const results = await this.invalidate('delete', key, (t) => t.delete(key));
    return results.some(Boolean);
  }

  override async deleteMany(keys: readonly string[]): Promise<number> {
    keys.forEach(assertKey);
    for (const key of keys) this.leases.revoke(key);
    const counts = await this.invalidate('deleteMany', undefined, (t) => t.deleteMany(keys));
    return Math.max(0, ...counts);
  }

  async deletePattern(pattern: string): Promise<number> {
    this.leases.revokeMatching(compileGlob(pattern));
    const counts = await this.invalidate('deletePattern', pattern, (t) => t.deletePattern(pattern));
    return Math.max(0, ...counts);
  }

  async clear(): Promise<void> {
    this.leases.revokeAll();
    await this.invalidate('clear', undefined, (t) => t.clear());
  }

  stats(): CompositeCacheStats {
    return {
      tiers: this.tiers.map((tier, i) => ({
        type: tier.constructor.name,
        ...tier.stats(),
        failures: this.failures[i],
      })),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.tiers.map((tier) => tier.close()));
  }

  private async lookup<T>(key: string): Promise<CacheEntry<T> | undefined> {
    assertKey(key);
    const first = await this.attempt(0, 'get', key, (t) => t.getEntry<T>(key));
    if (!(first instanceof Failed) && first !== undefined) return first;
    if (this.tiers.length === 1) return undefined;
    // A write or invalidation during the lower-tier read revokes the lease, so
    // the value read (possibly older than that write) is not copied upwards.
    const lease = this.leases.acquire(key);
    try {
      for (let i = 1; i < this.tiers.length; i++) {
        const entry = await this.attempt(i, 'get', key, (t) => t.getEntry<T>(key));
        if (entry instanceof Failed || entry === undefined) continue;
        if (lease.valid) await this.promote(i, key, entry);
        return entry;
      }
      return undefined;
    } finally {
      this.leases.release(key, lease);
    }
  }

  /** Copies an entry found in tier `found` into every earlier tier, for no longer than it has left. */
  private async promote(found: number, key: string, entry: CacheEntry): Promise<void> {
    await Promise.all(
      this.tiers.slice(0, found).map((_, i) => {
        const ttl = Math.min(entry.ttl, this.promotionCaps[i]);
        return this.attempt(i, 'promote', key, (t) => t.set(key, entry.value, ttl));
      }),
    );
  }

  /** Runs an invalidation on every tier; rejects after all were tried if any failed. */
  private async invalidate<T>(
    operation: string,
    subject: string | undefined,
    run: (tier: CacheBackend) => Promise<T>,
  ): Promise<T[]> {
    const outcomes = await Promise.all(this.tiers.map((_, i) => this.attempt(i, operation, subject, run)));
    const failures: TierFailure[] = [];
    const results: T[] = [];
    outcomes.forEach((outcome, tier) => {
      if (outcome instanceof Failed) failures.push({ tier, error: outcome.error });
      else results.push(outcome);
    });
    if (failures.length > 0) throw new TierInvalidationError(operation, failures);
    return results;
  }

  /** Runs one tier operation with the tier's timeout; a failure is counted, reported, and returned as {@link Failed}. */
  private async attempt<T>(
    i: number,
    operation: string,
    subject: string | undefined,
    run: (tier: CacheBackend) => Promise<T>,
  ): Promise<Outcome<T>> {
    try {
      const pending = run(this.tiers[i]);
      const timeout = this.timeouts[i];
      return await (timeout === undefined ? pending : withTimeout(pending, timeout, operation));
    } catch (error) {
      this.failures[i]++;
      this.report(error, { tier: i, type: this.tiers[i].constructor.name, operation, subject });
      return new Failed(error);
    }
  }

  private report(error: unknown, event: TierErrorEvent): void {
    try {
      this.onError?.(error, event);
    } catch (hookError) {
      // A broken hook must not turn a degraded tier into a failed request.
      process.emitWarning(`CompositeCache onError hook threw: ${String(hookError)}`, 'S3verlessCacheWarning');
    }
  }
}

function toTierConfig(tier: CacheBackend | TierConfig, index: number): TierConfig {
  const config: TierConfig = isBackend(tier) ? { cache: tier } : tier;
  if (!isBackend(config.cache)) {
    throw new InvalidOptionError(`tiers[${index}]`, `must be a cache backend or { cache, timeout }; got ${describe(tier)}`);
  }
  const { timeout } = config;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout < Infinity)) {
    throw new InvalidOptionError(`tiers[${index}].timeout`, `must be a positive number of milliseconds; got ${describe(timeout)}`);
  }
  return config;
}

function isBackend(value: unknown): value is CacheBackend {
  return (
    typeof value === 'object' && value !== null &&
    typeof (value as CacheBackend).getEntry === 'function' &&
    typeof (value as CacheBackend).deletePattern === 'function'
  );
}

/** A tier's default ttl in seconds (`Infinity` when its entries never expire by default). */
function defaultTtlOf(tier: CacheBackend): number {
  const value = tier.stats().defaultTtl;
  return typeof value === 'number' && value > 0 ? value : Infinity;
}

function warnWhenEarlierTierOutlivesLater(defaults: readonly number[]): void {
  for (let i = 0; i + 1 < defaults.length; i++) {
    if (defaults[i] > defaults[i + 1]) {
      process.emitWarning(
        `CompositeCache: tier ${i} keeps entries longer by default (${defaults[i]} s) than tier ${i + 1} ` +
          `(${defaults[i + 1]} s), so it can serve an entry the later tier has already dropped; ` +
          'give earlier tiers the shorter defaultTtl',
        { type: 'S3verlessCacheWarning', code: 'S3V_TIER_TTL_ORDER' },
      );
    }
  }
}
