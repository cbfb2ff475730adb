import type { ServerResponse } from 'node:http';
import { type CacheLease, compileGlob, type LeaseTable } from '@s3verless/cache';
import { ResponseCacheCounters, type ResponseCacheStats } from './events';
import { leasesOf } from './flights';
import { GuardedBackend } from './guarded-backend';
import { forwardStatus } from './http/cache-status';
import type { NextCallback } from './middleware-call';
import type { ResolvedOptions } from './options';
import { RequestKeyMemo } from './request-key';

/**
 * What both policies share: the guarded backend, the lease table of in-flight
 * requests, the counters, the memo of default keys, invalidation, and storing
 * through a backend lease.
 */
export class CacheCore {
  readonly counters: ResponseCacheCounters;
  readonly leases: LeaseTable;
  /** Default keys of recent URLs (used when there is no `key` option). */
  readonly defaultKeys: RequestKeyMemo;
  /** The backend, every call guarded: nothing it throws, rejects with or never settles escapes. */
  readonly backend: GuardedBackend;

  constructor(readonly options: ResolvedOptions) {
    this.counters = new ResponseCacheCounters(options.onEvent);
    this.defaultKeys = new RequestKeyMemo(options.keyPrefix, options.maxKeyLength);
    this.backend = new GuardedBackend(options.cache, options.backendTimeout, (operation, key, error) =>
      this.counters.record('error', key, operation, error),
    );
    this.leases = leasesOf(options.cache);
  }

  /** Removes every entry matching the glob(s); requests in flight for them will not store their (older) result. */
  async invalidate(patterns: string | readonly string[]): Promise<number> {
    const list = typeof patterns === 'string' ? [patterns] : [...patterns];
    for (const pattern of list) this.leases.revokeMatching(compileGlob(pattern));
    try {
      const timeout = this.options.invalidationTimeout;
      const removed = await Promise.all(list.map((pattern) => this.backend.deletePattern(pattern, timeout)));
      this.counters.record('invalidated', undefined, list.join(' '));
      return removed.reduce((sum, n) => sum + n, 0);
    } catch (error) {
      this.counters.record('error', undefined, 'invalidate', error);
      throw error;
    }
  }

  /** Lets the request through to the route untouched by the cache (`X-Cache: BYPASS`, with the reason in `Cache-Status`). */
  bypass(res: ServerResponse, next: NextCallback, reason: string): void {
    res.setHeader('x-cache', 'BYPASS');
    res.setHeader('cache-status', forwardStatus(this.options.cacheStatusName, 'bypass', { detail: reason }));
    this.counters.record('bypass', undefined, reason);
    next();
  }

  stats(): ResponseCacheStats {
    return this.counters.snapshot();
  }

  /**
   * Stores through the backend's lease: a write or invalidation since it was
   * taken, anywhere, stores nothing. `value` may be computed once the lease is
   * held (from what the backend holds then).
   */
  async write(
    key: string,
    backendLease: Promise<CacheLease | undefined>,
    value: (lease: CacheLease) => Promise<{ value: unknown; ttl: number }> | { value: unknown; ttl: number },
  ): Promise<void> {
    const lease = await backendLease;
    if (lease === undefined) return;
    try {
      const entry = await value(lease);
      const stored = await this.backend.fill(lease, entry.value, entry.ttl);
      if (stored) this.counters.record('stored', key);
      else this.counters.record('not-stored', key, 'invalidated');
    } catch (error) {
      this.counters.record('error', key, 'set', error);
      this.backend.release(lease, key);
    }
  }

  /** Gives the backend's lease back once it arrives (the response will not be stored). */
  giveUp(key: string, backendLease: Promise<CacheLease | undefined>): void {
    void backendLease.then((lease) => this.backend.release(lease, key));
  }
}
