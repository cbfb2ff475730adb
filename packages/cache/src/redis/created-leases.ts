import type { RemoteLease } from './shared-leases';

/**
 * The Redis leases this process created, each with how many of this process's
 * readers hold it (the creator, and readers here that joined it afterwards).
 *
 * When the last of them is done without the lease having ended in Redis (its
 * loader returned nothing or threw, or it was released without a fill),
 * nobody is loading the key any more: the process deletes the Redis lease at
 * once, so that waiters elsewhere take over instead of waiting for
 * `lock.wait`. Readers that joined a lease **another** process created are not
 * counted and never delete it: that process may still be loading, and
 * deleting its lease would throw its load away and wake every waiter to load
 * again — what the lock exists to prevent. If that process crashed, the lease
 * expires after `lease.ttl`.
 */
export class CreatedLeases {
  private readonly byKey = new Map<string, { readonly token: string; holders: number }>();

  /**
   * Counts a reader of `remote` (just acquired). Answers whether it holds a
   * lease this process created; only such readers are to call {@link leave}.
   */
  join(key: string, remote: RemoteLease): boolean {
    if (remote.created) {
      // Any older token of this key is gone from Redis (a new one could not be created otherwise).
      this.byKey.set(key, { token: remote.token, holders: 1 });
      return true;
    }
    const current = this.byKey.get(key);
    if (current?.token !== remote.token) return false;
    current.holders++;
    return true;
  }

  /**
   * A reader counted by {@link join} is done. `ended`: its fill reached Redis,
   * so the lease is gone there (filled, or revoked earlier). Answers `true`
   * when the caller must delete the Redis lease: it was the last reader here,
   * and the lease did not end.
   */
  leave(key: string, token: string, ended: boolean): boolean {
    const current = this.byKey.get(key);
    if (current?.token !== token) return false;
    if (ended) {
      this.byKey.delete(key);
      return false;
    }
    if (--current.holders > 0) return false;
    this.byKey.delete(key);
    return true;
  }
}
