import type { CacheBackend, CacheEntry, CacheLease, CacheStats } from './backend';
import { BaseCache } from './base-cache';
import { BusLink, type BusStats, type CompositeBusOptions } from './bus/bus-link';
import type { InvalidationOp } from './bus/invalidation-bus';
import { TierInvalidationError, type TierFailure } from './errors';
import { compileGlob } from './glob';
import { type CompositeLease, loadThroughLease, takeCompositeLease } from './composite-lease';
import type { Lease } from './lease-table';
import { defaultTtlOf, Failed, TierRunner, type CacheErrorHook, type TierConfig } from './tier-runner';
import { assertKey, assertKnownOptions, assertValue, ttlToMs } from './validate';

export type { TierConfig, TierErrorEvent } from './tier-runner';

/** Options of {@link CompositeCache}. */
export interface CompositeCacheOptions {
  /**
   * Called for every failed tier operation (after it is counted in `stats()`)
   * and every failure of the bus. Reads and writes degrade (the request goes on
   * without that tier); invalidations also throw {@link TierInvalidationError}.
   * Bus failures come with `tier: 'bus'`. Default: none.
   */
  onError?: CacheErrorHook;
  /**
   * An invalidation bus shared with the other instances of the service, so that
   * a write or invalidation here evicts the key from their in-process tiers.
   * See {@link CompositeBusOptions}. Default: none (a single instance).
   */
  bus?: CompositeBusOptions;
}

/** `stats()` of a {@link CompositeCache}. */
export type CompositeCacheStats = {
  /** Each tier's own stats, with its class name and the count of its failed operations. */
  readonly tiers: ReadonlyArray<{ readonly type: string; readonly failures: number } & CacheStats>;
  /** The bus counters, when the cache has a bus. */
  readonly bus?: BusStats;
};

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
 * not reach every tier (or, with a bus, the other instances) is never lost
 * silently: it is tried everywhere and then rejects with {@link TierInvalidationError}.
 *
 * With a `bus`, every write and invalidation is announced to the other
 * instances (keys and patterns, never values), which evict those keys from
 * their in-process tiers and revoke their leases on them.
 *
 * `close()` closes every tier (and the bus transport unless `closeTransport: false`).
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
  private readonly runner: TierRunner;
  private readonly tiers: readonly CacheBackend[];
  /** Longest ttl (seconds) a promoted entry may get in each tier: the tier's default. */
  private readonly promotionCaps: readonly number[];
  private readonly bus: BusLink | undefined;

  constructor(tiers: ReadonlyArray<CacheBackend | TierConfig>, options: CompositeCacheOptions = {}) {
    super();
    assertKnownOptions(options, ['onError', 'bus'], 'CompositeCache');
    this.runner = new TierRunner(tiers, options.onError);
    this.tiers = this.runner.tiers;
    this.promotionCaps = this.tiers.map(defaultTtlOf);
    warnWhenEarlierTierOutlivesLater(this.promotionCaps);
    this.bus = options.bus === undefined ? undefined : new BusLink(options.bus, this.runner, this.leases);
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
    const revoke = () => this.leases.revoke(key);
    revoke();
    await this.runner.lastTierFirst(async (i) => {
      const written = await this.runner.attempt(i, 'set', key, (t) => t.set(key, value, this.ttlFor(i, ttl)));
      // A tier that missed the write must not keep serving an older value.
      if (written instanceof Failed) await this.runner.attempt(i, 'delete', key, (t) => t.delete(key));
    }, revoke);
    // A set degrades when the bus fails (counted, reported): see the README for the bound.
    await this.bus?.announce('set', { keys: [key] });
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    for (let i = 0; i < this.tiers.length; i++) {
      if ((await this.runner.attempt(i, 'exists', key, (t) => t.exists(key))) === true) return true;
    }
    return false;
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    const revoke = () => this.leases.revoke(key);
    revoke();
    const results = await this.invalidate('delete', key, (t) => t.delete(key), revoke, { keys: [key] });
    return results.some(Boolean);
  }

  override async deleteMany(keys: readonly string[]): Promise<number> {
    keys.forEach(assertKey);
    const revoke = () => {
      for (const key of keys) this.leases.revoke(key);
    };
    revoke();
    const counts = await this.invalidate('deleteMany', undefined, (t) => t.deleteMany(keys), revoke, { keys: [...keys] });
    return Math.max(0, ...counts);
  }

  async deletePattern(pattern: string): Promise<number> {
    const matcher = compileGlob(pattern);
    const revoke = () => this.leases.revokeMatching(matcher);
    revoke();
    const counts = await this.invalidate('deletePattern', pattern, (t) => t.deletePattern(pattern), revoke, { pattern });
    return Math.max(0, ...counts);
  }

  async clear(): Promise<void> {
    const revoke = () => this.leases.revokeAll();
    revoke();
    await this.invalidate('clear', undefined, (t) => t.clear(), revoke, {});
  }

  /**
   * `getOrSet`'s miss path: the loader's result is stored through {@link lease},
   * taken before the loader runs: a shared tier that saw a write from another
   * process since then refuses it, and so do the in-process tiers.
   */
  protected override loadMissing<T>(key: string, loader: () => T | Promise<T>, ttl: number | null | undefined): Promise<T> {
    return loadThroughLease(this.leases, key, () => this.takeLease(key), loader, ttl, () => this.get<T>(key));
  }

  /**
   * The lease of `key` on every tier at once: this cache's own lease (revoked by
   * its writes and invalidations and, with a bus, by those of other instances)
   * plus each tier's lease (a Redis tier's holds across processes). `fill`
   * stores only while this cache's lease holds, through each tier's lease, the
   * last tier first; see `CompositeLease` for the details.
   */
  override async lease(key: string): Promise<CacheLease> {
    assertKey(key);
    return this.takeLease(key);
  }

  private takeLease(key: string): Promise<CompositeLease> {
    return takeCompositeLease(
      { runner: this.runner, leases: this.leases, ttlFor: (i, ttl) => this.ttlFor(i, ttl) },
      key,
    );
  }

  stats(): CompositeCacheStats {
    const tiers = this.tiers.map((tier, i) => ({
      type: tier.constructor.name,
      ...tier.stats(),
      failures: this.runner.failures[i],
    }));
    return this.bus === undefined ? { tiers } : { tiers, bus: this.bus.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.bus?.close(), ...this.tiers.map((tier) => tier.close())]);
  }

  private ttlFor(i: number, ttl: number | null | undefined): number | null | undefined {
    return this.bus === undefined ? ttl : this.bus.ttlFor(i, ttl);
  }

  private async lookup<T>(key: string): Promise<CacheEntry<T> | undefined> {
    assertKey(key);
    const first = await this.runner.attempt(0, 'get', key, (t) => t.getEntry<T>(key));
    if (!(first instanceof Failed) && first !== undefined) return first;
    if (this.tiers.length === 1) return undefined;
    // A write or invalidation during the lower-tier read (here, or on another
    // instance through the bus) revokes the lease, so the value read (possibly
    // older than that write) is not copied upwards. Promotion is an in-process
    // copy into earlier tiers: this cache's own lease is the check it needs.
    const lease = this.leases.acquire(key);
    try {
      for (let i = 1; i < this.tiers.length; i++) {
        const entry = await this.runner.attempt(i, 'get', key, (t) => t.getEntry<T>(key));
        if (entry instanceof Failed || entry === undefined) continue;
        if (lease.valid) await this.promote(i, key, entry, lease);
        return entry;
      }
      return undefined;
    } finally {
      this.leases.release(key, lease);
    }
  }

  /**
   * Copies an entry found in tier `found` into every earlier tier, for no
   * longer than it has left. A write or invalidation that revoked the lease
   * while a copy was being stored (a tier that answers asynchronously) may have
   * reached that tier first: the copy is then removed again.
   */
  private async promote(found: number, key: string, entry: CacheEntry, lease: Lease): Promise<void> {
    await Promise.all(
      this.tiers.slice(0, found).map(async (_, i) => {
        const ttl = this.ttlFor(i, Math.min(entry.ttl, this.promotionCaps[i])) as number;
        await this.runner.attempt(i, 'promote', key, (t) => t.set(key, entry.value, ttl));
        if (!lease.valid) await this.runner.attempt(i, 'delete', key, (t) => t.delete(key));
      }),
    );
  }

  /**
   * Runs an invalidation on every tier (the last tier first, revoking the
   * leases after each: see `TierRunner.lastTierFirst`), then announces it on the bus; rejects
   * after all of that was tried if any tier (or the bus) failed.
   */
  private async invalidate<T>(
    operation: InvalidationOp,
    subject: string | undefined,
    run: (tier: CacheBackend) => Promise<T>,
    revoke: () => void,
    target: { keys?: readonly string[]; pattern?: string },
  ): Promise<T[]> {
    const { results, failures } = await this.runner.invalidate(operation, subject, run, revoke);
    const busError = await this.bus?.announce(operation, target);
    const all: TierFailure[] = busError === undefined ? failures : [...failures, { tier: 'bus', error: busError }];
    if (all.length > 0) throw new TierInvalidationError(operation, all);
    return results;
  }
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
