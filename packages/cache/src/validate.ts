import type { SetManyInput } from './backend';
import { InvalidArgumentError, InvalidOptionError, InvalidTtlError } from './errors';

/** Rejects a key that is not a string. */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new InvalidArgumentError(`cache key must be a string, got ${describe(key)}`);
  }
}

/** Rejects `undefined`, which a cache cannot tell from a miss. */
export function assertValue(value: unknown): void {
  if (value === undefined) {
    throw new InvalidArgumentError(
      'cannot cache undefined: get() returns undefined for a miss; store null instead',
    );
  }
}

/**
 * Turns a per-call ttl in seconds into a lifetime in milliseconds.
 * `undefined`/`null` give `defaultTtlMs`; `Infinity` gives `Infinity` (never expires).
 * @throws InvalidArgumentError when ttl is not a number; InvalidTtlError when it is 0, negative or NaN.
 */
export function ttlToMs(ttl: number | null | undefined, defaultTtlMs: number): number {
  if (ttl === undefined || ttl === null) return defaultTtlMs;
  if (typeof ttl !== 'number') {
    throw new InvalidArgumentError(`ttl must be a number of seconds, got ${describe(ttl)}`);
  }
  if (!(ttl > 0)) {
    throw new InvalidTtlError(
      `ttl must be a positive number of seconds (or Infinity for no expiry), got ${ttl}`,
    );
  }
  return ttl * 1000;
}

/**
 * Validates a `defaultTtl` option (seconds, or `null`/`Infinity` for "never expire")
 * and returns it in milliseconds (`Infinity` for never).
 */
export function defaultTtlOptionToMs(value: unknown, option = 'defaultTtl'): number {
  if (value === null || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidOptionError(
      option,
      `must be a positive number of seconds, or null for entries that never expire; got ${describe(value)}`,
    );
  }
  return value * 1000;
}

/** Validates a `maxSize` option: a positive safe integer (or `null` when `allowNull`). */
export function maxSizeOption(value: unknown, allowNull: boolean, option = 'maxSize'): number | null {
  if (value === null && allowNull) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    const accepted = allowNull ? 'a positive integer, or null for no bound' : 'a positive integer';
    throw new InvalidOptionError(option, `must be ${accepted}; got ${describe(value)}`);
  }
  return value;
}

/** Validates a `cleanupInterval` option (seconds, or `null` to disable) and returns milliseconds or `null`. */
export function intervalOptionToMs(value: unknown, option = 'cleanupInterval'): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new InvalidOptionError(
      option,
      `must be a positive number of seconds, or null to disable; got ${describe(value)}`,
    );
  }
  return value * 1000;
}

/** Rejects keys of an options object that the caller did not mean (typos such as `maxsize`). */
export function assertKnownOptions(options: object, known: readonly string[], owner: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(key, `is not an option of ${owner}; known options: ${known.join(', ')}`);
    }
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Normalises `setMany` input (`[key, value]` pairs or a plain object) to pairs; see {@link checkSetMany} for the full check. */
export function setManyPairs(entries: SetManyInput): Array<readonly [string, unknown]> {
  if (entries === null || typeof entries !== 'object') {
    throw new InvalidArgumentError('setMany: entries must be [key, value] pairs or a plain object');
  }
  if (!(Symbol.iterator in entries)) return Object.entries(entries);
  return Array.from(entries as Iterable<readonly [string, unknown]>, (pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new InvalidArgumentError('setMany: each entry must be a [key, value] pair');
    }
    return pair as unknown as readonly [string, unknown];
  });
}

/** Validates a whole `setMany` call before anything is written: entries, every key and value, the ttl. Returns the pairs. */
export function checkSetMany(entries: SetManyInput, ttl: number | null | undefined): Array<readonly [string, unknown]> {
  const pairs = setManyPairs(entries);
  ttlToMs(ttl, 0);
  for (const [key, value] of pairs) {
    assertKey(key);
    assertValue(value);
  }
  return pairs;
}
