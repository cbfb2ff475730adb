import type { CacheLease } from './backend';
import { checkLease, leaseIsValid, releaseIfPossible } from './backend-contract';
import type { Lease, LeaseTable } from './lease-table';
import { Failed, type TierRunner } from './tier-runner';
import { assertValue, ttlToMs } from './validate';

/** What a composite lease needs from its cache. */
export interface CompositeLeaseHost {
  readonly runner: TierRunner;
  /** The composite's own lease table: its writes, invalidations and bus messages revoke these leases. */
  readonly leases: LeaseTable;
  /** The ttl to write into tier `i` for a requested `ttl` (a local tier gets a short one while the bus is down). */
  ttlFor(i: number, ttl: number | null | undefined): number | null | undefined;
}

/**
 * Takes the lease of `key` on a tiered cache: the composite's own lease (taken
 * at once) and every tier's lease (in parallel). A tier whose `lease()` fails
 * or times out counts as failed and is not filled: it is left without the
 * value, never with an older one. A tier lease that arrives after its timeout
 * is given back as soon as it arrives.
 */
export async function takeCompositeLease(host: CompositeLeaseHost, key: string): Promise<CompositeLease> {
  const local = host.leases.acquire(key);
  const taken = await Promise.all(host.runner.tiers.map((_, i) => takeTierLease(host.runner, i, key)));
  // A tier lease that is invalid from the start (Redis unreachable, or another process
  // stored the key while this one waited for its lock) is given back and that tier is
  // skipped: the other tiers can still be filled, and the caller may read the key again.
  const validAtStart = taken.map((lease) => lease !== undefined && leaseIsValid(lease));
  const refusedAtStart = taken.some((lease, i) => lease !== undefined && !validAtStart[i]);
  const tierLeases = taken.map((lease, i) => {
    if (lease === undefined || validAtStart[i]) return lease;
    host.runner.attemptSync(i, 'release', key, () => lease.release());
    return undefined;
  });
  return new CompositeLease(key, local, tierLeases, host, refusedAtStart);
}

/**
 * Tier `i`'s lease of `key`, or `undefined` when its `lease()` throws, rejects,
 * times out or resolves to something that is not a lease (counted and
 * reported as a failed `lease`). A lease that arrives late, or a malformed one
 * that has a `release()`, is given back.
 */
async function takeTierLease(runner: TierRunner, i: number, key: string): Promise<CacheLease | undefined> {
  let pending: Promise<unknown> | undefined;
  const outcome = await runner.attempt(i, 'lease', key, async (tier) => checkLease(await (pending = tier.lease(key)), key));
  if (!(outcome instanceof Failed)) return outcome;
  const giveBack = (late: unknown) => runner.attemptSync(i, 'release', key, () => releaseIfPossible(late));
  if (pending !== undefined) Promise.resolve(pending).then(giveBack, () => undefined);
  return undefined;
}

/**
 * The lease of a tiered cache. `fill` stores only while the composite's own
 * lease holds, and fills the tiers through their own leases from the **last**
 * tier to the first: the shared tiers (Redis), which know about writes made by
 * other processes, decide first. A tier that refuses the fill (its lease was
 * revoked: the key changed since) stops the fill, so the earlier, in-process
 * tiers never get a value a shared tier knows to be stale. A tier that fails
 * is skipped. Resolves to whether at least one tier stored the value.
 */
export class CompositeLease implements CacheLease {
  private held = true;

  /**
   * @param refusedAtStart some tier's lease was invalid when taken (that tier
   *   is skipped): with a lock, another process may have stored the key
   *   meanwhile, so a loader should read the key again first
   */
  constructor(
    readonly key: string,
    private readonly local: Lease,
    private readonly tierLeases: ReadonlyArray<CacheLease | undefined>,
    private readonly host: CompositeLeaseHost,
    readonly refusedAtStart: boolean,
  ) {}

  get valid(): boolean {
    return this.held && this.local.valid && this.tierLeases.every((lease) => lease === undefined || leaseIsValid(lease));
  }

  async fill(value: unknown, ttl?: number | null): Promise<boolean> {
    try {
      assertValue(value);
      ttlToMs(ttl, 0);
      let stored = false;
      for (let i = this.tierLeases.length - 1; i >= 0; i--) {
        // Checked before every tier: a write or a bus message may arrive while a slower tier fills.
        if (!this.held || !this.local.valid) break;
        const lease = this.tierLeases[i];
        if (lease === undefined) continue;
        const tierTtl = this.host.ttlFor(i, ttl);
        const outcome = await this.host.runner.attempt(i, 'fill', this.key, () => lease.fill(value, tierTtl));
        if (outcome === true) stored = true;
        else if (outcome === false) break;
      }
      return stored;
    } finally {
      this.release();
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.host.leases.release(this.key, this.local);
    // A tier's release() that throws is counted and reported; the other tiers are still released.
    this.tierLeases.forEach((lease, i) => {
      if (lease !== undefined) this.host.runner.attemptSync(i, 'release', this.key, () => lease.release());
    });
  }
}

/**
 * `getOrSet`'s load, through a lease: registers a single flight for `key` in
 * `leases` at once (so concurrent callers join it and a write or invalidation
 * detaches it), takes the lease with `takeLease` **before** calling `loader`
 * (so that a write anywhere after the read of the source revokes it), reads
 * the key again with `reread` when a tier's lease was refused at once (with a
 * lock in a shared tier: another process has just stored it), then
 * fills the lease with the loader's result (`undefined` is returned, not stored).
 */
export function loadThroughLease<T>(
  leases: LeaseTable,
  key: string,
  takeLease: () => Promise<CompositeLease>,
  loader: () => T | Promise<T>,
  ttl: number | null | undefined,
  reread: () => Promise<T | undefined>,
): Promise<T> {
  const flightLease = leases.acquire(key);
  const flight = (async () => {
    try {
      const lease = await takeLease();
      try {
        if (lease.refusedAtStart || !lease.valid) {
          // Another process may have stored the key while its lock held us back, or a write
          // revoked the lease while it was being taken: what is stored now is newer than a load.
          const stored = await reread();
          if (stored !== undefined) return stored;
        }
        const value = await loader();
        if (value !== undefined) await lease.fill(value, ttl);
        return value;
      } finally {
        lease.release();
      }
    } finally {
      flightLease.flight = undefined;
      leases.release(key, flightLease);
    }
  })();
  flightLease.flight = flight;
  return flight;
}
