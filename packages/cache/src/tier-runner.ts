import type { CacheBackend } from './backend';
import { InvalidOptionError, type TierFailure } from './errors';
import { withTimeout } from './timeout';
import { describe } from './validate';

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

/**
 * What `CompositeCacheOptions.onError` learns about a failure: of a tier
 * operation, or (`tier: 'bus'`) of the invalidation bus.
 */
export interface TierErrorEvent {
  /** Position of the tier (0 = first), or `'bus'` for the invalidation bus. */
  readonly tier: number | 'bus';
  /** The tier's (or the bus transport's) class name, e.g. `RedisCache`, `RedisInvalidationBus`. */
  readonly type: string;
  /**
   * The tier operation (`get`, `set`, `lease`, `fill`, `evict`, ...), or for the
   * bus: `publish` (a message could not be sent), `receive` (a malformed message
   * was dropped), `disconnect` (the connection dropped; local tiers were cleared).
   */
  readonly operation: string;
  /** The key or pattern concerned (for the bus: the operation announced and its keys), when there is one. */
  readonly subject?: string;
}

/**
 * The error hook of a composite.
 * @inline
 */
export type CacheErrorHook = (error: unknown, event: TierErrorEvent) => void;

/** The result of a tier operation that failed (already counted and reported). */
export class Failed {
  constructor(readonly error: unknown) {}
}
export type Outcome<T> = T | Failed;

/**
 * Runs operations on the tiers of a composite: each with its tier's timeout,
 * failures counted per tier and reported to the error hook, never thrown.
 */
export class TierRunner {
  readonly tiers: readonly CacheBackend[];
  /** Failed operations per tier. */
  readonly failures: number[];
  private readonly timeouts: readonly (number | undefined)[];
  /** Every tier position, in order. */
  private readonly all: readonly number[];

  constructor(tiers: ReadonlyArray<CacheBackend | TierConfig>, private readonly onError: CacheErrorHook | undefined) {
    if (!Array.isArray(tiers) || tiers.length === 0) {
      throw new InvalidOptionError('tiers', 'CompositeCache needs at least one tier, fastest first');
    }
    const configs = tiers.map(toTierConfig);
    this.tiers = configs.map((c) => c.cache);
    this.timeouts = configs.map((c) => c.timeout);
    this.failures = configs.map(() => 0);
    this.all = configs.map((_, i) => i);
  }

  /** Runs one tier operation with the tier's timeout; a failure is counted, reported, and returned as {@link Failed}. */
  async attempt<T>(
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

  /**
   * Runs a synchronous tier call (a lease's `release()`); what it throws is
   * counted and reported like a failed {@link attempt}, never thrown.
   */
  attemptSync(i: number, operation: string, subject: string | undefined, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.failures[i]++;
      this.report(error, { tier: i, type: this.tiers[i].constructor.name, operation, subject });
    }
  }

  /**
   * Runs `step` on the tiers `which` (default: all) one at a time, **the last
   * tier first**, and calls `revoke` (which revokes the leases of the keys
   * concerned) after each tier. Every write and invalidation of a tiered cache
   * goes through here, in this process and when a bus message arrives.
   *
   * Why this order: a concurrent read that found a key missing in an earlier
   * tier may read a later tier and copy what it found upwards ("promotion"),
   * under a lease. Were the tiers changed together, a read could copy the old
   * value out of a later tier that was not changed yet into an earlier tier
   * that already was, and it would stay there. Last tier first, with a lease
   * revocation after each tier, closes that window: a read that saw the old
   * value in tier j read it before tier j was done, so either its lease is
   * revoked before it promotes (it copies nothing), or it promoted before the
   * revocation that follows tier j, hence before the earlier tiers are changed
   * (which replaces or removes the copy). See the README, "Consistency guarantees".
   */
  async lastTierFirst(step: (i: number) => Promise<void>, revoke: () => void, which: readonly number[] = this.all): Promise<void> {
    for (let n = which.length - 1; n >= 0; n--) {
      await step(which[n]);
      revoke();
    }
  }

  /**
   * Runs an invalidation on the tiers `which` (default: all) in the order of
   * {@link lastTierFirst}, and collects what each answered or why it failed.
   */
  async invalidate<T>(
    operation: string,
    subject: string | undefined,
    run: (tier: CacheBackend) => Promise<T>,
    revoke: () => void,
    which: readonly number[] = this.all,
  ): Promise<{ results: T[]; failures: TierFailure[] }> {
    const results: T[] = [];
    const failures: TierFailure[] = [];
    await this.lastTierFirst(async (i) => {
      const outcome = await this.attempt(i, operation, subject, run);
      if (outcome instanceof Failed) failures.unshift({ tier: i, error: outcome.error });
      else results.unshift(outcome);
    }, revoke, which);
    return { results, failures };
  }

  /** Hands a failure to the error hook; a hook that throws becomes a process warning. */
  report(error: unknown, event: TierErrorEvent): void {
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
export function defaultTtlOf(tier: CacheBackend): number {
  const value = tier.stats().defaultTtl;
  return typeof value === 'number' && value > 0 ? value : Infinity;
}
