import { type CacheBackend, LeaseTable } from '@s3verless/cache';
import type { HttpVariant } from './http-policy/entry';
import type { StoredResponse } from './stored-response';

/**
 * What a leader (the request that runs the route for a key) hands to the
 * requests that waited for it: the response to send, or "run the route
 * yourself" (the leader failed, was aborted, or produced something that cannot
 * be shared).
 */
export type FlightOutcome =
  | { readonly kind: 'entry'; readonly entry: StoredResponse }
  /** `policy: 'http'`: the stored response (a waiter uses it only if its `Vary` values match). */
  | { readonly kind: 'variant'; readonly variant: HttpVariant }
  | { readonly kind: 'run' };

const RUN: FlightOutcome = { kind: 'run' };
const tables = new WeakMap<CacheBackend, LeaseTable>();

/**
 * The lease table of a backend, shared by every middleware instance that
 * stores into it, so that an invalidation through any of them revokes the
 * leases of requests in flight in all of them.
 */
export function leasesOf(cache: CacheBackend): LeaseTable {
  let table = tables.get(cache);
  if (table === undefined) {
    table = new LeaseTable();
    tables.set(cache, table);
  }
  return table;
}

/** Waits for a leader's outcome, for at most `timeoutMs`; then the waiter runs the route itself. */
export function awaitFlight(flight: Promise<unknown>, timeoutMs: number): Promise<FlightOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(RUN), timeoutMs);
    timer.unref();
    void flight.then((outcome) => {
      clearTimeout(timer);
      resolve(outcome as FlightOutcome);
    });
  });
}

/** A leader's side of a flight: resolves once, then forgets the flight and gives the lease back. */
export class Flight {
  private settled = false;
  private resolveOutcome: ((outcome: FlightOutcome) => void) | undefined;
  private readonly promise: Promise<FlightOutcome> | undefined;

  /**
   * @param lead whether later requests for the key may wait for this one (false for a
   *   request that runs the route after its leader failed: it keeps its lease, shares nothing)
   */
  constructor(
    private readonly leases: LeaseTable,
    private readonly key: string,
    lead: boolean,
  ) {
    this.lease = leases.acquire(key);
    if (lead && this.lease.flight === undefined) {
      this.promise = new Promise((resolve) => (this.resolveOutcome = resolve));
      this.lease.flight = this.promise;
    }
  }

  readonly lease: ReturnType<LeaseTable['acquire']>;

  /** Whether the key was not written or invalidated since the flight began (its result may be stored). */
  get valid(): boolean {
    return this.lease.valid;
  }

  /** Hands `outcome` to the waiters (once) and releases the lease. */
  finish(outcome: FlightOutcome = RUN): void {
    if (this.settled) return;
    this.settled = true;
    if (this.promise !== undefined) {
      this.resolveOutcome?.(outcome);
      if (this.lease.flight === this.promise) this.lease.flight = undefined;
    }
    this.leases.release(this.key, this.lease);
  }
}
