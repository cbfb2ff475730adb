import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CacheLease } from '../backend';
import type { Clock } from '../clock';
import type { Lease } from '../lease-table';
import { assertValue, ttlToMs } from '../validate';
import { CreatedLeases } from './created-leases';
import { decodeEnvelope, type EncodedEntry } from './envelope';
import type { RedisGuard } from './guard';
import type { Keyspace } from './keyspace';
import type { LeaseSignals, LeaseWatch } from './lease-signals';
import type { Peek } from './lock-wait';
import { FOUND_VALUE, LEASE_CREATED, LEASE_SHARED, type ScriptCommands } from './scripts';

/** A lease held in Redis: its token, and whether this process created it (rather than joined it). */
export interface RemoteLease {
  readonly token: string;
  readonly created: boolean;
}

/** What {@link SharedLeases.acquire} found. */
export type Acquired =
  | { readonly kind: 'value'; readonly value: unknown }
  | ({ readonly kind: 'lease' } & RemoteLease)
  /** Redis failed (already counted and reported): no lease, so nothing may be stored. */
  | { readonly kind: 'failed' };

/** What {@link SharedLeases} needs from its cache. */
export interface SharedLeasesContext {
  readonly redis: Redis & ScriptCommands;
  readonly guard: RedisGuard;
  readonly keys: Keyspace;
  readonly clock: Clock;
  readonly leaseTtlMs: number;
  /** Wakes this process's waiters when a lease they wait on is filled or released. */
  readonly signals: LeaseSignals;
  /** Validates and encodes a value as `set` would (throws `InvalidArgumentError`, `InvalidTtlError`). */
  readonly encode: (value: unknown, ttl: number | null | undefined) => EncodedEntry;
}

/**
 * The Redis side of leases (see `CacheBackend.lease`): one token per key in
 * the lease namespace, shared by every reader in every process until a write
 * or an invalidation deletes it, or a fill consumes it, or the process that
 * created it gives it up (see {@link CreatedLeases}), or it expires after
 * `lease.ttl`. All steps are Lua scripts (scripts.ts), so "store only if the
 * lease still holds" is atomic.
 */
export class SharedLeases {
  private readonly created = new CreatedLeases();

  constructor(private readonly ctx: SharedLeasesContext) {}

  /**
   * Joins the current lease of `key` or creates one. With `orValue`, a live
   * entry is answered instead (so a caller that missed a moment ago does not
   * load what another process just stored). Never rejects.
   */
  async acquire(operation: string, key: string, orValue: boolean): Promise<Acquired> {
    const { redis, keys, leaseTtlMs, clock } = this.ctx;
    const token = randomUUID();
    try {
      const [kind, text] = await this.ctx.guard.run(operation, key, () =>
        orValue
          ? redis.s3vLeaseAcquire(2, keys.leaseKey(key), keys.dataKey(key), token, String(leaseTtlMs), String(clock.now()))
          : redis.s3vLeaseAcquire(1, keys.leaseKey(key), token, String(leaseTtlMs)),
      );
      if (kind === FOUND_VALUE) {
        const entry = decodeEnvelope(text);
        if (entry !== undefined) return { kind: 'value', value: entry.value };
        return { kind: 'failed' };
      }
      return { kind: 'lease', token: text, created: kind === LEASE_CREATED };
    } catch {
      return { kind: 'failed' };
    }
  }

  /** Looks at `key` while another process holds its lease (with `lock.enabled`). */
  async peek(operation: string, key: string, token: string): Promise<Peek<unknown>> {
    const { redis, keys, clock } = this.ctx;
    const [kind, text] = await this.ctx.guard.run(operation, key, () =>
      redis.s3vLeasePeek(2, keys.dataKey(key), keys.leaseKey(key), token, clock.now()),
    );
    if (kind === FOUND_VALUE) {
      const entry = decodeEnvelope(text);
      if (entry !== undefined) return { kind: 'value', value: entry.value };
    }
    return kind === LEASE_SHARED ? { kind: 'held' } : { kind: 'gone' };
  }

  /** Stores `value` if the lease still holds `token`, consuming the lease. Resolves to whether it stored. */
  async fill(key: string, token: string, value: unknown, ttl: number | null | undefined): Promise<boolean> {
    const { payload, px } = this.ctx.encode(value, ttl);
    const { redis, keys } = this.ctx;
    const stored = await this.ctx.guard.run('fill', key, () =>
      redis.s3vLeaseFill(2, keys.dataKey(key), keys.leaseKey(key), token, payload, px),
    );
    return stored === 1;
  }

  /**
   * Deletes the Redis lease if it still holds `token` and signals its waiters,
   * so that processes waiting on it (`lock.enabled`) take over at once instead
   * of after `lock.wait`. Readers sharing it can then no longer fill: safe,
   * nothing stale can be stored. Sent without waiting; never rejects.
   */
  release(key: string, token: string): void {
    const { redis, keys } = this.ctx;
    this.ctx.guard.run('release', key, () => redis.s3vLeaseRelease(1, keys.leaseKey(key), token)).catch(() => undefined);
  }

  /**
   * Counts a reader of `remote` in this process. Call the returned function
   * once when the reader is done: `ended` = its fill reached Redis (the lease
   * is gone there). When the last reader here of a lease this process created
   * is done and the lease did not end, it is released in Redis at once.
   */
  hold(key: string, remote: RemoteLease): (ended: boolean) => void {
    const counted = this.created.join(key, remote);
    let done = !counted;
    return (ended) => {
      if (done) return;
      done = true;
      if (this.created.leave(key, remote.token, ended)) this.release(key, remote.token);
    };
  }

  /** Starts watching the lease of `key` for fills and releases (see `LeaseSignals`). */
  watch(key: string): LeaseWatch {
    return this.ctx.signals.watch(this.ctx.keys.leaseKey(key));
  }

  /**
   * The {@link CacheLease} handed to callers of `lease()`: the in-process lease
   * (`local`, revoked by this process's writes) together with the Redis lease
   * (`remote`, revoked by any process's writes; `undefined` when Redis failed,
   * and then `fill` stores nothing). `release()` (or a fill that stored
   * nothing) gives up this reader's part; when the reader is the last one here
   * of a lease this process created, the Redis lease is released too, so
   * waiters elsewhere do not wait for a load nobody is doing (see {@link hold}).
   * A lease another process created stays for the readers that share it.
   */
  toCacheLease(key: string, local: Lease, remote: RemoteLease | undefined, releaseLocal: () => void): CacheLease {
    const done = remote === undefined ? undefined : this.hold(key, remote);
    let held = true;
    const end = (ended: boolean): void => {
      if (!held) return;
      held = false;
      releaseLocal();
      done?.(ended);
    };
    return {
      key,
      get valid() {
        return held && local.valid && remote !== undefined;
      },
      fill: async (value, ttl) => {
        let ended = false;
        try {
          assertValue(value);
          ttlToMs(ttl, 0);
          if (!held || !local.valid || remote === undefined) return false;
          const stored = await this.fill(key, remote.token, value, ttl);
          ended = true; // filled, or refused: either way the token is no longer in Redis
          return stored;
        } finally {
          end(ended);
        }
      },
      release: () => end(false),
    };
  }
}
