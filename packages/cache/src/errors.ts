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
  override readonly name = 'InvalidOptionError';
  /** The name of the offending option, e.g. `maxSize`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
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

/** Failure of one tier inside a {@link CompositeCache} operation. */
export interface TierFailure {
  /** Position of the tier in the composite (0 = first). */
  readonly tier: number;
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
    super(
      failures.map((f) => f.error),
      `${operation} could not reach tier(s) ${failures.map((f) => f.tier).join(', ')}; ` +
        'they may still hold the invalidated entries',
    );
    this.operation = operation;
    this.failures = failures;
  }
}
