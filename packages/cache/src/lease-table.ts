import type { GlobMatcher } from './glob';

/**
 * Permission to store what was read for one key, valid until the key is
 * written or invalidated (the "lease" of Facebook's memcache paper, kept in
 * process). A reader that started before a write must not store its
 * now-older result afterwards: it checks `valid` before storing.
 */
export interface Lease {
  /** False once the key was written or invalidated after the lease was taken. */
  readonly valid: boolean;
  /** A loader run in progress under this lease (single-flight), if any. */
  flight: Promise<unknown> | undefined;
}

interface MutableLease extends Lease {
  valid: boolean;
  holders: number;
}

/**
 * The live leases of one cache, by key. Writes and invalidations revoke the
 * leases of the keys they touch, so that a read or a loader that began before
 * them cannot store an older value after them, and later callers start afresh
 * instead of joining a run that began before the write.
 *
 * Cost when idle: one `size` check per write.
 */
export class LeaseTable {
  private readonly byKey = new Map<string, MutableLease>();

  /** Number of keys with a live lease. */
  get size(): number {
    return this.byKey.size;
  }

  /** The current valid lease of `key`, if any, without taking it. */
  current(key: string): Lease | undefined {
    return this.byKey.get(key);
  }

  /** Takes the current lease of `key` (or a new one). Pair with {@link release}. */
  acquire(key: string): Lease {
    let lease = this.byKey.get(key);
    if (lease === undefined) {
      lease = { valid: true, holders: 0, flight: undefined };
      this.byKey.set(key, lease);
    }
    lease.holders++;
    return lease;
  }

  /** Gives a lease back; the table forgets it when its last holder leaves. */
  release(key: string, lease: Lease): void {
    const held = lease as MutableLease;
    if (--held.holders === 0 && this.byKey.get(key) === held) this.byKey.delete(key);
  }

  /** Revokes the lease of one key (it was written or deleted). */
  revoke(key: string): void {
    if (this.byKey.size === 0) return;
    const lease = this.byKey.get(key);
    if (lease !== undefined) {
      lease.valid = false;
      this.byKey.delete(key);
    }
  }

  /** Revokes the leases of every key the glob matches. */
  revokeMatching(matcher: GlobMatcher): void {
    if (this.byKey.size === 0) return;
    for (const [key, lease] of this.byKey) {
      if (matcher.test(key)) {
        lease.valid = false;
        this.byKey.delete(key);
      }
    }
  }

  /** Revokes every lease (the cache was cleared). */
  revokeAll(): void {
    for (const lease of this.byKey.values()) lease.valid = false;
    this.byKey.clear();
  }
}
