import { InvalidArgumentError } from '../errors';
import type { Lease } from '../lease-table';
import type { LeaseWatch } from './lease-signals';
import { pollForValue } from './lock-wait';
import type { RedisCacheSettings } from './options';
import type { Acquired, RemoteLease, SharedLeases } from './shared-leases';

/** One miss of `getOrSet` to resolve. */
export interface SharedLoad<T> {
  readonly key: string;
  readonly loader: () => T | Promise<T>;
  readonly ttl: number | null | undefined;
  /** The in-process lease taken when `getOrSet` was called (revoked by this process's writes). */
  readonly local: Lease;
}

/**
 * Takes (or joins) the Redis lease of `key`. Without `lock.enabled` that is
 * all. With it, a process that joined a lease another process *created* (that
 * process is loading the key) waits instead: it polls the key until the value
 * appears (answered as `value`); if the lease disappears without a value (its
 * holder crashed and the lease expired, a write revoked it, or the holder gave
 * it up) it starts over; after `lock.wait` ms it keeps the shared lease and
 * loads itself. While it waits it watches the lease's channel, so a fill or a
 * release ends the current pause at once (see `LeaseSignals`; the polls stay,
 * in case a message is lost). `orValue` (always with `lock`): a live entry is
 * answered as `value` instead of a lease.
 */
export async function acquireWaiting(
  shared: SharedLeases,
  lock: RedisCacheSettings['lock'],
  operation: string,
  key: string,
  orValue: boolean,
): Promise<Acquired> {
  const deadline = lock.timer.now() + lock.waitMs;
  let watch: LeaseWatch | undefined;
  try {
    for (;;) {
      const acquired = await shared.acquire(operation, key, orValue || lock.enabled);
      if (acquired.kind !== 'lease' || !lock.enabled || acquired.created) return acquired;
      // Watching starts after the first acquire (most calls never wait); it is
      // signalled once subscribed, and the look that follows sees what came before.
      watch ??= shared.watch(key);
      const peek = () => shared.peek(operation, key, acquired.token);
      const seen = await pollForValue(peek, deadline, lock.pollIntervalMs, lock.timer, watch).catch(
        () => ({ kind: 'timeout' }) as const, // Redis failed while waiting: stop waiting
      );
      if (seen.kind === 'value') return seen;
      if (seen.kind === 'timeout') return acquired;
    }
  } finally {
    watch?.stop();
  }
}

/**
 * The miss path of `RedisCache.getOrSet`: takes the Redis lease of the key
 * (waiting for another process's load with `lock.enabled`, see
 * {@link acquireWaiting}), runs the loader and stores its result through the
 * lease, so that a write or invalidation in any process during the load keeps
 * it out.
 */
export async function loadThroughLease<T>(shared: SharedLeases, lock: RedisCacheSettings['lock'], load: SharedLoad<T>): Promise<T> {
  const acquired = await acquireWaiting(shared, lock, 'getOrSet', load.key, true);
  if (acquired.kind === 'value') return acquired.value as T;
  return loadAndFill(shared, load, acquired.kind === 'lease' ? acquired : undefined);
}

/**
 * Runs the loader and stores its result through the Redis lease (when there is
 * one and nothing revoked it). If nothing reached Redis (the loader returned
 * `undefined` or threw, the fill failed) and this was the last reader here of
 * a lease this process created, the lease is released: processes waiting on it
 * take over at once instead of after `lock.wait` (see `SharedLeases.hold`).
 */
async function loadAndFill<T>(shared: SharedLeases, load: SharedLoad<T>, remote: RemoteLease | undefined): Promise<T> {
  const { key, loader, ttl, local } = load;
  const done = remote === undefined ? undefined : shared.hold(key, remote);
  let ended = false;
  try {
    const value = await loader();
    if (value !== undefined && remote !== undefined && local.valid) {
      ended = await shared.fill(key, remote.token, value, ttl).then(
        () => true, // stored, or refused: the token is no longer in Redis either way
        (error: unknown) => {
          if (error instanceof InvalidArgumentError) throw error; // a value JSON cannot hold: the caller's bug
          return false; // Redis failed (counted and reported): the value is returned, not cached
        },
      );
    }
    return value;
  } finally {
    done?.(ended);
  }
}
