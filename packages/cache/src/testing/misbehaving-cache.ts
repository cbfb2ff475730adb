import type { CacheLease } from '../backend';
import { CACHE_OPERATIONS, type CacheOperation, InterceptingCache } from './intercepting-cache';

/** How a call into a {@link MisbehavingCache} misbehaves. */
export type CallMisbehaviour =
  /** The method throws before returning a promise. */
  | 'throwsSync'
  /** The method returns a rejected promise. */
  | 'rejects'
  /** The method returns a promise that never settles (only a caller's timeout ends the wait). */
  | 'neverSettles';

/** How the leases of a {@link MisbehavingCache} misbehave (`lease()` itself resolves). */
export type LeaseMisbehaviour =
  /** `lease()` resolves to `null`. */
  | 'leaseNull'
  /** `lease()` resolves to a number. */
  | 'leaseNotObject'
  /** `lease()` resolves to an object without `fill`. */
  | 'leaseWithoutFill'
  /** `lease()` resolves to an object without `release`. */
  | 'leaseWithoutRelease'
  /** `fill()` throws before returning a promise. */
  | 'fillThrowsSync'
  /** `fill()` rejects. */
  | 'fillRejects'
  /** `fill()` never settles. */
  | 'fillNeverSettles'
  /** `release()` throws (after releasing the inner lease). */
  | 'releaseThrows';

/** Every {@link CallMisbehaviour}, for parameterised tests. */
export const CALL_MISBEHAVIOURS: readonly CallMisbehaviour[] = ['throwsSync', 'rejects', 'neverSettles'];
/** Every {@link LeaseMisbehaviour}, for parameterised tests. */
export const LEASE_MISBEHAVIOURS: readonly LeaseMisbehaviour[] = [
  'leaseNull', 'leaseNotObject', 'leaseWithoutFill', 'leaseWithoutRelease',
  'fillThrowsSync', 'fillRejects', 'fillNeverSettles', 'releaseThrows',
];

/** One way to misbehave, named for a test title: a call misbehaviour of some operations, or a lease misbehaviour. */
export interface MisbehaviourCase {
  /** E.g. `get throwsSync`, `lease leaseNull`. */
  readonly name: string;
  /** Switches `cache` to this misbehaviour. */
  apply(cache: MisbehavingCache): void;
}

/**
 * Every call misbehaviour on each of `operations`, then (when `operations`
 * includes `lease`) every lease misbehaviour: the cases of a parameterised
 * "any failure of the backend" test.
 */
export function misbehaviourCases(operations: readonly CacheOperation[]): MisbehaviourCase[] {
  const cases: MisbehaviourCase[] = [];
  for (const operation of operations) {
    for (const mode of CALL_MISBEHAVIOURS) {
      cases.push({ name: `${operation} ${mode}`, apply: (cache) => cache.misbehave(mode, [operation]) });
    }
  }
  if (operations.includes('lease')) {
    for (const mode of LEASE_MISBEHAVIOURS) cases.push({ name: `lease ${mode}`, apply: (cache) => cache.misbehaveLeases(mode) });
  }
  return cases;
}

/** What a {@link MisbehavingCache} throws or rejects with: `operation` and `mode` say which misbehaviour. */
export class MisbehaviourError extends Error {
  override readonly name = 'MisbehaviourError';

  constructor(readonly operation: string, readonly mode: string) {
    super(`MisbehavingCache: ${operation} ${mode}`);
  }
}

/**
 * A backend that breaks the contract on purpose, to check that a caller
 * (the response cache middleware, a `CompositeCache` tier) survives **any**
 * failure of its backend: calls that throw synchronously, reject, or never
 * settle, and leases that are not leases or whose `fill`/`release` misbehave.
 * Operations not told to misbehave go to `inner`.
 *
 * Unlike {@link FaultyCache} (well-behaved failures: rejections and delays),
 * this one does what a hand-written or buggy backend might do.
 *
 * @example
 * ```ts
 * const backend = new MisbehavingCache(new InMemoryCache());
 * backend.misbehave('throwsSync', ['get', 'lease']);  // these two throw before returning a promise
 * backend.misbehaveLeases('leaseNull');               // lease() resolves to null
 * backend.behave();                                   // back to normal
 * ```
 */
export class MisbehavingCache extends InterceptingCache {
  private readonly calls = new Map<CacheOperation, CallMisbehaviour>();
  private leaseMode: LeaseMisbehaviour | undefined;
  /** Inner leases handed out (wrapped) and not yet released. */
  private outstanding = 0;


  /** Makes `operations` (default: every one) misbehave as `mode`. */
  misbehave(mode: CallMisbehaviour, operations: readonly CacheOperation[] = CACHE_OPERATIONS): this {
    for (const operation of operations) this.calls.set(operation, mode);
    return this;
  }

  /** Makes the leases misbehave as `mode` (replacing any previous lease misbehaviour). */
  misbehaveLeases(mode: LeaseMisbehaviour): this {
    this.leaseMode = mode;
    return this;
  }

  /** Removes every misbehaviour. */
  behave(): this {
    this.calls.clear();
    this.leaseMode = undefined;
    return this;
  }

  /** Inner leases taken through this cache and not released yet: 0 once every caller gave its lease back. */
  get outstandingLeases(): number {
    return this.outstanding;
  }

  /** Misbehaves as told by {@link misbehave} for `lease`, else resolves to what {@link misbehaveLeases} says. */
  lease(key: string): Promise<CacheLease> {
    return this.intercept('lease', () => this.misbehavingLease(key));
  }

  protected intercept<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T> {
    const mode = this.calls.get(operation);
    if (mode === undefined) return call();
    return misbehaveAs(mode, operation);
  }

  private async misbehavingLease(key: string): Promise<CacheLease> {
    const mode = this.leaseMode;
    if (mode === 'leaseNull') return null as unknown as CacheLease;
    if (mode === 'leaseNotObject') return 42 as unknown as CacheLease;
    const inner = await this.inner.lease(key);
    this.outstanding++;
    let held = true;
    const release = (): void => {
      if (held) this.outstanding--;
      held = false;
      inner.release();
      if (mode === 'releaseThrows') throw new MisbehaviourError('release', mode);
    };
    const fill = (value: unknown, ttl?: number | null): Promise<boolean> => {
      if (mode === 'fillThrowsSync') throw new MisbehaviourError('fill', mode);
      if (mode === 'fillRejects') return Promise.reject(new MisbehaviourError('fill', mode));
      if (mode === 'fillNeverSettles') return new Promise<boolean>(() => undefined);
      if (held) this.outstanding--;
      held = false;
      return inner.fill(value, ttl);
    };
    const lease = { key, get valid() { return inner.valid; }, fill, release };
    if (mode === 'leaseWithoutFill') return { key, valid: true, release } as unknown as CacheLease;
    if (mode === 'leaseWithoutRelease') {
      // Released by nobody (a caller cannot): do not count it as outstanding.
      inner.release();
      this.outstanding--;
      return { key, valid: true, fill: () => Promise.resolve(false) } as unknown as CacheLease;
    }
    return lease;
  }
}

function misbehaveAs<T>(mode: CallMisbehaviour, operation: CacheOperation): Promise<T> {
  if (mode === 'throwsSync') throw new MisbehaviourError(operation, mode);
  if (mode === 'rejects') return Promise.reject(new MisbehaviourError(operation, mode));
  return new Promise<T>(() => undefined);
}
