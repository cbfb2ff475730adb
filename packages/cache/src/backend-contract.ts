import type { CacheBackend, CacheLease } from './backend';
import { IncompleteBackendError, MalformedLeaseError } from './errors';
import { describe } from './validate';

/** Every method of the {@link CacheBackend} contract, in the order of its documentation. */
export const BACKEND_METHODS = [
  'get', 'getEntry', 'set', 'exists', 'delete', 'deletePattern', 'clear',
  'getMany', 'setMany', 'deleteMany', 'getOrSet', 'lease', 'stats', 'close',
] as const satisfies ReadonlyArray<keyof CacheBackend>;

/** The methods of the contract that `value` lacks (all of them when it is not an object). */
export function missingBackendMethods(value: unknown): string[] {
  const object = (typeof value === 'object' && value !== null) || typeof value === 'function';
  return BACKEND_METHODS.filter((name) => !object || typeof (value as Record<string, unknown>)[name] !== 'function');
}

/**
 * Refuses, with {@link IncompleteBackendError} naming the missing methods, a
 * value that does not have every method of the {@link CacheBackend} contract.
 * Call it where a backend is configured, so that a hand-written backend missing
 * `lease()` fails at start-up, not on the first request.
 *
 * @param option the option's name, for the error (default `cache`)
 */
export function assertCacheBackend(value: unknown, option = 'cache'): asserts value is CacheBackend {
  const missing = missingBackendMethods(value);
  if (missing.length > 0) throw new IncompleteBackendError(option, missing, describe(value));
}

/**
 * `value` (what a backend's `lease()` resolved to) as a {@link CacheLease}, or
 * a {@link MalformedLeaseError} saying what is wrong with it: `null`, not an
 * object, no `fill()` or no `release()` function.
 */
export function checkLease(value: unknown, key: string): CacheLease {
  if (typeof value !== 'object' || value === null) throw new MalformedLeaseError(key, describe(value));
  const lease = value as Partial<CacheLease>;
  if (typeof lease.fill !== 'function') throw new MalformedLeaseError(key, 'an object without fill()');
  if (typeof lease.release !== 'function') throw new MalformedLeaseError(key, 'an object without release()');
  return value as CacheLease;
}

/**
 * Gives back whatever a backend's `lease()` resolved to, if it can be given
 * back: calls its `release()` when it has one (what that throws is thrown).
 */
export function releaseIfPossible(lease: unknown): void {
  if (typeof lease === 'object' && lease !== null && typeof (lease as CacheLease).release === 'function') {
    (lease as CacheLease).release();
  }
}

/** A lease's `valid`, read defensively: a getter that throws means "not valid". */
export function leaseIsValid(lease: CacheLease): boolean {
  try {
    return lease.valid === true;
  } catch {
    return false;
  }
}
