/**
 * The contract every cache backend and tier fulfils (in-memory, LRU, composite,
 * Redis). One shared test suite checks it for each of them.
 *
 * Units: every `ttl` is in **seconds** (fractions allowed). `undefined` or
 * `null` means the backend's `defaultTtl`; `Infinity` means never expire; `0`,
 * negative and `NaN` are rejected with `InvalidTtlError` (a `RangeError`), a
 * non-number with `InvalidArgumentError` (a `TypeError`).
 *
 * Values: anything but `undefined` (which is what a miss returns). `null`, `0`,
 * `""`, `false` and `[]` are values and round-trip. In-process backends keep a
 * reference to the value (no copy): do not mutate an object after caching it.
 * Backends with a network store values as JSON.
 */
export interface CacheBackend {
  /** The value, or `undefined` on a miss or an expired entry. */
  get<T = unknown>(key: string): Promise<T | undefined>;

  /**
   * The value with its remaining lifetime, or `undefined` on a miss. Counts as a
   * read like {@link get}. Used by tiered caches to copy an entry into an earlier
   * tier for no longer than it has left.
   */
  getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined>;

  /** Stores `value` under `key` for `ttl` seconds (default: the backend's `defaultTtl`). */
  set(key: string, value: unknown, ttl?: number | null): Promise<void>;

  /** Whether a live entry exists. Not a hit or a miss, and does not change recency. */
  exists(key: string): Promise<boolean>;

  /** Removes `key`; `true` when a live entry was removed. */
  delete(key: string): Promise<boolean>;

  /**
   * Removes every key matching a glob with Python `fnmatch` semantics (full
   * string, case-sensitive; `*` any run including `:`, `?` one character,
   * `[abc]`, `[!abc]`, no escape character). Resolves to the number removed.
   */
  deletePattern(pattern: string): Promise<number>;

  /** Removes every entry this backend owns. */
  clear(): Promise<void>;

  /** The hits among `keys`, as a `Map` (misses are absent). */
  getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>>;

  /** Stores every entry with one ttl. Every key and value is validated before anything is written. */
  setMany(entries: SetManyInput, ttl?: number | null): Promise<void>;

  /** Removes every key; resolves to the number of live entries removed. */
  deleteMany(keys: readonly string[]): Promise<number>;

  /**
   * Cache-aside in one call: the cached value, or else `loader()`'s result,
   * stored and returned. Concurrent calls for one key share one loader run
   * (single-flight). A loader error reaches every waiter and nothing is cached;
   * a loader result of `undefined` is returned and not cached. When the key is
   * written or invalidated while the loader runs, its (possibly older) result is
   * still returned to the callers who were waiting but is not stored, and later
   * callers do not join that run.
   */
  getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T>;

  /**
   * Takes the lease of `key` before reading its source of truth (the "lease" of
   * Facebook's memcache paper): {@link CacheLease.fill} then stores what was
   * read only if no write or invalidation of the key happened since the lease
   * was taken — in this process, and, for a shared backend such as Redis, in any
   * process. Every reader of one key shares one lease until a write or an
   * invalidation revokes it. `getOrSet` and the response cache fill through leases.
   */
  lease(key: string): Promise<CacheLease>;

  /** A plain object describing the backend's state; see each class. */
  stats(): CacheStats;

  /** Stops timers and connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Permission to store the value read for one key, revoked by any write or
 * invalidation of that key (see {@link CacheBackend.lease}).
 */
export interface CacheLease {
  /** The key the lease is for. */
  readonly key: string;
  /**
   * False once this process knows the key was written or invalidated since the
   * lease was taken. True does not promise that `fill` will store: a shared
   * backend checks again, atomically, when filling.
   */
  readonly valid: boolean;
  /**
   * Stores `value` (ttl as in `set`) if the lease still holds, then releases it.
   * Resolves to whether the value was stored (in at least one tier, for a
   * tiered cache). Never stores after a revoking write. Validates like `set`.
   */
  fill(value: unknown, ttl?: number | null): Promise<boolean>;
  /** Gives the lease up without storing. Idempotent; `fill` releases too. */
  release(): void;
}

/** A cached value and its remaining lifetime. */
export interface CacheEntry<T = unknown> {
  readonly value: T;
  /** Remaining lifetime in seconds (`Infinity` when the entry never expires). */
  readonly ttl: number;
}

/** Entries for `setMany`: `[key, value]` pairs or a plain object. */
export type SetManyInput = Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>;

/** Common shape of `stats()`: plain data only (numbers, strings, null, arrays, objects). */
export type CacheStats = { readonly [name: string]: unknown };
