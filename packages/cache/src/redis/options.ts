import type { Redis } from 'ioredis';
import { monotonicClock, type Clock } from '../clock';
import { InvalidOptionError } from '../errors';
import { assertKnownOptions, defaultTtlOptionToMs, describe } from '../validate';
import type { CircuitBreakerSettings } from './circuit-breaker';
import { realLockTimer, type LockTimer } from './lock-wait';

/** What {@link RedisCacheOptions.onError} learns about a failure. */
export interface RedisErrorEvent {
  /** The cache operation (`get`, `set`, `deletePattern`, ...), or `connection` for an error of the connection itself. */
  readonly operation: string;
  /** The key or pattern concerned, when there is one. */
  readonly subject?: string;
}

/**
 * Options of `RedisCache`. Durations are in **milliseconds**, except
 * `defaultTtl`, which is in seconds like every ttl of the cache contract.
 */
export interface RedisCacheOptions {
  /**
   * An ioredis connection that you own: `RedisCache` uses it as it is
   * configured and `close()` leaves it open. Attach your own `'error'` listener
   * to it. Give either `client` or `url`.
   */
  readonly client?: Redis;
  /**
   * `redis://[user:password@]host:port[/db]` or `rediss://...`: `RedisCache`
   * opens its own connection, made to fail fast (no offline queue: a command
   * sent while disconnected fails at once instead of waiting; one retry per
   * command; reconnection with exponential backoff up to 1 s; an `'error'`
   * listener that reports to `onError`) and `close()` quits it.
   */
  readonly url?: string;
  /**
   * Prepended to every key (default `'s3v-cache:'`). `clear()` and
   * `deletePattern` touch only keys under it. It may not be empty (`clear()`
   * would then empty the whole database); end it with a separator such as `:`
   * so that no other cache's prefix starts with it.
   */
  readonly prefix?: string;
  /** Seconds for entries written without a ttl (default 300); `null` = never expire. */
  readonly defaultTtl?: number | null;
  /** Milliseconds each Redis command may take before it fails with `CacheTimeoutError` (default 100). */
  readonly operationTimeout?: number;
  /** Milliseconds to establish the connection made from `url` (default 1000). Not allowed with `client`. */
  readonly connectTimeout?: number;
  /** The circuit breaker that makes a dead Redis cost microseconds instead of a timeout per call. */
  readonly breaker?: {
    /** Consecutive failed commands that open the breaker (default 5). */
    readonly failureThreshold?: number;
    /** Milliseconds the open breaker refuses every call before it lets one trial through (default 1000). */
    readonly cooldown?: number;
    /** Time source of the cooldown (default: monotonic). Inject a `ManualClock` in tests. */
    readonly clock?: Clock;
  };
  /**
   * Time source of the entries' logical expiry (default: wall-clock
   * `Date.now()`, since several processes share the entries; the in-process
   * default `monotonicClock` has a per-process origin and must not be used
   * here). Every process sharing a prefix must use the same kind of clock.
   */
  readonly clock?: Clock;
  /** `COUNT` hint of each `SCAN` call in `deletePattern` and `clear` (default 1000). */
  readonly scanCount?: number;
  /** Leases (see `lease()`): `ttl` = milliseconds a lease lives in Redis if never filled or released (default 10000). */
  readonly lease?: { readonly ttl?: number };
  /**
   * Cross-process single-flight for `getOrSet` (off by default). When enabled,
   * processes that miss one key together run the loader once: the one that
   * created the lease loads; the others wait for at most `wait` ms (default
   * 5000), take over if the lease disappears without a value, and run the
   * loader themselves after `wait`. A waiter is woken when the lease is filled
   * or released, through pub/sub on a second connection (a `duplicate()` of
   * the first, opened the first time this cache waits), and polls the key
   * meanwhile (backing off from 5 ms to `pollInterval`) in case a message is
   * lost. The loader's process releases the lease as soon as it stores
   * nothing (loader returned `undefined` or threw). `lease()` waits the same
   * way, and answers an invalid lease when the value appeared (read the key
   * again instead of loading it).
   */
  readonly lock?: {
    readonly enabled?: boolean;
    readonly wait?: number;
    /** Longest pause between two polls, in milliseconds (default 50). */
    readonly pollInterval?: number;
    /** Time and pauses of the polling (default: real, `unref()`ed timers); for tests. */
    readonly timer?: LockTimer;
  };
  /** Called for every failed Redis command and every connection error (after counting it in `stats()`). */
  readonly onError?: (error: unknown, event: RedisErrorEvent) => void;
}

/** The wall clock (`Date.now()`): the same origin in every process, as entries shared through Redis need. */
export const wallClock: Clock = { now: () => Date.now() };

/** Validated options. */
export interface RedisCacheSettings {
  readonly client: Redis | undefined;
  readonly url: string | undefined;
  readonly prefix: string;
  /** Milliseconds; `Infinity` for never. */
  readonly defaultTtlMs: number;
  readonly operationTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly breaker: CircuitBreakerSettings;
  readonly clock: Clock;
  readonly scanCount: number;
  readonly leaseTtlMs: number;
  readonly lock: { readonly enabled: boolean; readonly waitMs: number; readonly pollIntervalMs: number; readonly timer: LockTimer };
  readonly onError: RedisCacheOptions['onError'];
}

const KNOWN = [
  'client', 'url', 'prefix', 'defaultTtl', 'operationTimeout', 'connectTimeout', 'breaker',
  'clock', 'scanCount', 'lease', 'lock', 'onError',
] as const;

/** Checks every option and fills in the defaults; throws `InvalidOptionError` saying what is accepted. */
export function resolveRedisCacheOptions(options: RedisCacheOptions): RedisCacheSettings {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', 'RedisCache needs an options object with a url or a client');
  }
  assertKnownOptions(options, KNOWN, 'RedisCache');
  const { client, url } = options;
  if (client !== undefined && url !== undefined) {
    throw new InvalidOptionError('client', 'give either client (a connection you own) or url (RedisCache opens and closes its own), not both');
  }
  if (client === undefined && url === undefined) {
    throw new InvalidOptionError('url', 'RedisCache needs url (e.g. "redis://127.0.0.1:6379") or client (an ioredis Redis instance)');
  }
  if (client !== undefined && !isIoredisClient(client)) {
    throw new InvalidOptionError('client', `must be an ioredis Redis instance (new Redis(...) from "ioredis"); got ${describe(client)}`);
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw new InvalidOptionError('url', `must be a "redis://" or "rediss://" URL; got ${describe(url)}`);
  }
  if (client !== undefined && options.connectTimeout !== undefined) {
    throw new InvalidOptionError('connectTimeout', 'applies only to the connection RedisCache opens from url; configure your own client instead');
  }
  const prefix = options.prefix ?? 's3v-cache:';
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidOptionError('prefix', `must be a non-empty string such as "myapp:" (clear() deletes every key under it); got ${describe(prefix)}`);
  }
  const breaker = options.breaker ?? {};
  const lease = options.lease ?? {};
  const lock = options.lock ?? {};
  assertKnownOptions(breaker, ['failureThreshold', 'cooldown', 'clock'], 'RedisCache breaker');
  assertKnownOptions(lease, ['ttl'], 'RedisCache lease');
  assertKnownOptions(lock, ['enabled', 'wait', 'pollInterval', 'timer'], 'RedisCache lock');
  if (lock.enabled !== undefined && typeof lock.enabled !== 'boolean') {
    throw new InvalidOptionError('lock.enabled', `must be true or false; got ${describe(lock.enabled)}`);
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidOptionError('onError', `must be a function (error, { operation, subject }) => void; got ${describe(options.onError)}`);
  }
  return {
    client,
    url,
    prefix,
    defaultTtlMs: defaultTtlOptionToMs(options.defaultTtl === undefined ? 300 : options.defaultTtl),
    operationTimeoutMs: milliseconds(options.operationTimeout, 100, 'operationTimeout'),
    connectTimeoutMs: milliseconds(options.connectTimeout, 1000, 'connectTimeout'),
    breaker: {
      failureThreshold: positiveInteger(breaker.failureThreshold, 5, 'breaker.failureThreshold'),
      cooldownMs: milliseconds(breaker.cooldown, 1000, 'breaker.cooldown'),
      clock: clockOption(breaker.clock, monotonicClock, 'breaker.clock'),
    },
    clock: clockOption(options.clock, wallClock, 'clock'),
    scanCount: positiveInteger(options.scanCount, 1000, 'scanCount'),
    leaseTtlMs: Math.ceil(milliseconds(lease.ttl, 10_000, 'lease.ttl')),
    lock: {
      enabled: lock.enabled ?? false,
      waitMs: milliseconds(lock.wait, 5000, 'lock.wait', true),
      pollIntervalMs: milliseconds(lock.pollInterval, 50, 'lock.pollInterval'),
      timer: timerOption(lock.timer),
    },
    onError: options.onError,
  };
}

function isIoredisClient(value: unknown): value is Redis {
  const candidate = value as Partial<Redis> | null;
  return (
    typeof candidate === 'object' && candidate !== null &&
    typeof candidate.defineCommand === 'function' && typeof candidate.scanBuffer === 'function' &&
    typeof candidate.status === 'string'
  );
}

/** A millisecond option: `fallback` when undefined, else a positive (or with `allowZero`, non-negative) finite number. */
export function milliseconds(value: unknown, fallback: number, option: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(allowZero ? value >= 0 : value > 0) || value === Infinity) {
    const accepted = allowZero ? 'a finite number of milliseconds, 0 or more' : 'a positive, finite number of milliseconds';
    throw new InvalidOptionError(option, `must be ${accepted}; got ${describe(value)}`);
  }
  return value;
}

function positiveInteger(value: unknown, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(option, `must be a positive integer; got ${describe(value)}`);
  }
  return value;
}

function clockOption(value: unknown, fallback: Clock, option: string): Clock {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null || typeof (value as Clock).now !== 'function') {
    throw new InvalidOptionError(option, `must be a Clock (an object with now() in milliseconds); got ${describe(value)}`);
  }
  return value as Clock;
}

function timerOption(value: unknown): LockTimer {
  if (value === undefined) return realLockTimer;
  const timer = value as Partial<LockTimer> | null;
  if (typeof timer !== 'object' || timer === null || typeof timer.now !== 'function' || typeof timer.sleep !== 'function') {
    throw new InvalidOptionError('lock.timer', `must be an object with now() and sleep(ms); got ${describe(value)}`);
  }
  return value as LockTimer;
}
