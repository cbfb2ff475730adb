/**
 * Named error classes of `@s3verless/cache`. Each extends the built-in error a
 * caller would test for (`TypeError`, `RangeError`, `AggregateError`), so both
 * `instanceof RangeError` and `instanceof InvalidTtlError` work.
 */

/** A call received an argument of the wrong type (a non-string key, an `undefined` value, a non-number ttl). */
export class InvalidArgumentError extends TypeError {
  override readonly name = 'InvalidArgumentError';
}

/** A ttl that is a number but not a usable lifetime: `0`, negative or `NaN`. */
export class InvalidTtlError extends RangeError {
  override readonly name = 'InvalidTtlError';
}

/** A constructor option is missing its required shape; the message names the option and what it accepts. */
export class InvalidOptionError extends RangeError {
  override readonly name: string = 'InvalidOptionError';
  /** The name of the offending option, e.g. `maxSize`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}

/**
 * An object given as a cache backend lacks methods of the backend
 * contract (`CacheBackend`). `missing` lists them; the message names them, e.g.
 * `cache: is not a complete cache backend: missing lease(), getEntry()`.
 */
export class IncompleteBackendError extends InvalidOptionError {
  override readonly name: string = 'IncompleteBackendError';
  /** The contract's methods the object lacks, in the contract's order. */
  readonly missing: readonly string[];

  constructor(option: string, missing: readonly string[], got: string) {
    super(option, `is not a complete cache backend (got ${got}): missing ${missing.map((m) => `${m}()`).join(', ')}`);
    this.missing = missing;
  }
}

/**
 * A backend's `lease()` resolved to something that is not a lease (an object
 * with `fill()` and `release()`): `null`, a number, an object without `fill`...
 * Callers treat it as a failed `lease()` (nothing is stored).
 */
export class MalformedLeaseError extends TypeError {
  override readonly name = 'MalformedLeaseError';
  /** The key whose lease was asked for. */
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`lease(${JSON.stringify(key)}) resolved to ${problem}, not a lease (an object with fill() and release())`);
    this.key = key;
  }
}

/** A tier operation did not settle within the tier's `timeout`. */
export class CacheTimeoutError extends Error {
  override readonly name = 'CacheTimeoutError';
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(`cache operation "${operation}" did not settle within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A shared cache (Redis) could not be used: its circuit breaker is open after
 * repeated failures (the call was refused without touching the network), the
 * connection is down, or the cache was closed. `cause` holds the underlying
 * error when there is one.
 */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';
  /** The refused or failed operation, e.g. `get`. */
  readonly operation: string;
  /** True when the circuit breaker refused the call without trying the network. */
  readonly breakerOpen: boolean;

  constructor(operation: string, message: string, options: { cause?: unknown; breakerOpen?: boolean } = {}) {
    super(`cache operation "${operation}" failed: ${message}`, { cause: options.cause });
    this.operation = operation;
    this.breakerOpen = options.breakerOpen ?? false;
  }
}

/** Failure of one tier inside a {@link CompositeCache} operation. */
export interface TierFailure {
  /**
   * Position of the tier in the composite (0 = first), or `'bus'` when the
   * invalidation could not be published to the other instances (see
   * `CompositeCacheOptions.bus`).
   */
  readonly tier: number | 'bus';
  readonly error: unknown;
}

/**
 * An invalidation (`delete`, `deleteMany`, `deletePattern`, `clear`) reached some
 * tiers but not all. Thrown after every tier was tried, so the caller knows that
 * a tier may still hold the old data. `errors` holds the underlying errors;
 * `failures` says which tier each came from.
 */
export class TierInvalidationError extends AggregateError {
  override readonly name = 'TierInvalidationError';
  readonly operation: string;
  readonly failures: readonly TierFailure[];

  constructor(operation: string, failures: readonly TierFailure[]) {
    super(failures.map((f) => f.error), `${operation} could not reach ${describeUnreached(failures)}`);
    this.operation = operation;
    this.failures = failures;
  }
}

function describeUnreached(failures: readonly TierFailure[]): string {
  const tiers = failures.filter((f) => f.tier !== 'bus').map((f) => f.tier);
  const bus = tiers.length < failures.length;
  if (!bus) return `tier(s) ${tiers.join(', ')}; they may still hold the invalidated entries`;
  const what = tiers.length > 0 ? `tier(s) ${tiers.join(', ')} and the invalidation bus` : 'the invalidation bus';
  return `${what}; they, or the in-process tiers of other instances, may still hold the invalidated entries`;
}

/**
 * An invalidation bus could not do what was asked: publishing while
 * disconnected or after `close()`, or a transport failure.
 */
export class InvalidationBusError extends Error {
  override readonly name: string = 'InvalidationBusError';
}

/**
 * A message received on the invalidation bus was not a valid invalidation
 * message (not JSON, unknown version or operation, keys that are not strings).
 * It is ignored and counted; never thrown to a caller of the cache.
 */
export class MalformedBusMessageError extends InvalidationBusError {
  override readonly name = 'MalformedBusMessageError';
}
