import type { Redis } from 'ioredis';
import type { CacheEntry, CacheLease, SetManyInput } from '../backend';
import { BaseCache } from '../base-cache';
import type { Clock } from '../clock';
import { InvalidArgumentError } from '../errors';
import { compileGlob } from '../glob';
import { withTimeout } from '../timeout';
import { assertKey, assertValue, checkSetMany, ttlToMs } from '../validate';
import { BATCH, chunks } from './batch';
import { CircuitBreaker, type BreakerState } from './circuit-breaker';
import { firstConnectionAttempt, openConnection } from './connection';
import { decodeEnvelope, encodeEntry, isLive, type Envelope } from './envelope';
import { RedisGuard } from './guard';
import { Keyspace } from './keyspace';
import { LeaseSignals } from './lease-signals';
import { resolveRedisCacheOptions, type RedisCacheOptions, type RedisCacheSettings } from './options';
import { RedisRemover } from './removal';
import { defineScripts, type ScriptCommands } from './scripts';
import { acquireWaiting, loadThroughLease } from './shared-load';
import { SharedLeases } from './shared-leases';

/** `stats()` of a {@link RedisCache}: plain data. */
export type RedisCacheStats = {
  readonly prefix: string;
  /** Default ttl in seconds, or `null` when entries without a ttl never expire. */
  readonly defaultTtl: number | null;
  readonly hits: number;
  readonly misses: number;
  /** `hits / (hits + misses)`, `0` before any lookup. */
  readonly hitRate: number;
  /** Redis commands that failed, timeouts included. */
  readonly errors: number;
  /** Redis commands that did not answer within `operationTimeout`. */
  readonly timeouts: number;
  /** Calls refused at once because the circuit breaker was open. */
  readonly rejected: number;
  readonly breaker: BreakerState;
  /** Whether the connection is up and ready now. */
  readonly connected: boolean;
};

/**
 * The shared tier: a cache in Redis (ioredis) that several processes use
 * together. See {@link RedisCacheOptions} for every option and the package
 * README ("RedisCache (shared tier)") for the storage layout.
 *
 * - Keys are `${prefix}${key}`; values are JSON in an envelope that carries
 *   the logical expiry (by `clock`), written with Redis's own `PX` in the same
 *   command. JSON decides what comes back: a `Date` comes back as its ISO
 *   string, `undefined` members vanish, a `Map` becomes `{}`; a function or a
 *   `BigInt` is rejected with `InvalidArgumentError`.
 * - `deletePattern` and `clear` walk the prefix with `SCAN` + `UNLINK` in batches.
 * - Every command has a timeout (`CacheTimeoutError`); a circuit breaker makes
 *   calls fail at once (`CacheUnavailableError`) while Redis is down.
 * - `lease()` holds across processes; every write and invalidation revokes
 *   the leases of its keys in the same atomic step.
 * - `getOrSet` is single-flight in the process and, with `lock.enabled`,
 *   across processes. A failing Redis makes it run the loader without caching.
 *
 * @example
 * ```ts
 * import { RedisCache } from '@s3verless/cache/redis';
 * const shared = new RedisCache({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: 'products-api:' });
 * const product = await shared.getOrSet(`product:${id}`, () => loadFromS3(id), 300);
 * await shared.close();
 * ```
 */
export class RedisCache extends BaseCache {
  /**
   * The ioredis connection: yours when given as `client`, else owned by this
   * cache (`close()` quits it). Use `client.duplicate()` for a subscriber.
   */
  readonly client: Redis;
  private readonly redis: Redis & ScriptCommands;
  private readonly settings: RedisCacheSettings;
  private readonly clock: Clock;
  private readonly keys: Keyspace;
  private readonly breaker: CircuitBreaker;
  private readonly guard: RedisGuard;
  private readonly shared: SharedLeases;
  private readonly signals: LeaseSignals;
  private readonly remover: RedisRemover;
  private readonly owned: boolean;
  private hits = 0;
  private misses = 0;
  private closing: Promise<void> | undefined;

  constructor(options: RedisCacheOptions) {
    super();
    const settings = resolveRedisCacheOptions(options);
    this.settings = settings;
    this.clock = settings.clock;
    this.keys = new Keyspace(settings.prefix);
    this.breaker = new CircuitBreaker(settings.breaker);
    this.guard = new RedisGuard(this.breaker, settings.operationTimeoutMs, settings.onError);
    this.owned = settings.client === undefined;
    this.client =
      settings.client ??
      openConnection(settings.url as string, settings.connectTimeoutMs, (error) =>
        this.guard.report(error, { operation: 'connection' }),
      );
    if (this.owned) this.guard.waitFor(firstConnectionAttempt(this.client));
    this.redis = defineScripts(this.client);
    this.remover = new RedisRemover({
      redis: this.redis,
      guard: this.guard,
      keys: this.keys,
      clock: this.clock,
      scanCount: settings.scanCount,
    });
    // Opened the first time this process waits on another's lease (lock.enabled).
    this.signals = new LeaseSignals(() => {
      const subscriber = this.client.duplicate({ autoResubscribe: false, lazyConnect: false });
      subscriber.on('error', (error: unknown) => this.guard.report(error, { operation: 'connection' }));
      return subscriber;
    });
    this.shared = new SharedLeases({
      redis: this.redis,
      guard: this.guard,
      keys: this.keys,
      clock: this.clock,
      leaseTtlMs: settings.leaseTtlMs,
      signals: this.signals,
      encode: (value, ttl) => encodeEntry(value, ttlToMs(ttl, settings.defaultTtlMs), this.clock.now()),
    });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.read('get', key))?.entry.value as T | undefined;
  }

  async getEntry<T = unknown>(key: string): Promise<CacheEntry<T> | undefined> {
    const found = await this.read('getEntry', key);
    if (found === undefined) return undefined;
    const { entry, now } = found;
    return { value: entry.value as T, ttl: entry.expiresAt === Infinity ? Infinity : (entry.expiresAt - now) / 1000 };
  }

  async set(key: string, value: unknown, ttl?: number | null): Promise<void> {
    assertKey(key);
    assertValue(value);
    const { payload, px } = encodeEntry(value, ttlToMs(ttl, this.settings.defaultTtlMs), this.clock.now());
    this.leases.revoke(key);
    await this.guard.run('set', key, () =>
      this.redis.s3vCacheWrite(2, this.keys.dataKey(key), this.keys.leaseKey(key), px, payload),
    );
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    const live = await this.guard.run('exists', key, () =>
      this.redis.s3vCacheExists(1, this.keys.dataKey(key), this.clock.now()),
    );
    return live === 1;
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    this.leases.revoke(key);
    return (await this.remover.deleteKeys('delete', [key])) > 0;
  }

  override async deleteMany(keys: readonly string[]): Promise<number> {
    keys.forEach(assertKey);
    const unique = [...new Set(keys)];
    for (const key of unique) this.leases.revoke(key);
    return this.remover.deleteKeys('deleteMany', unique);
  }

  override async getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    keys.forEach(assertKey);
    const unique = [...new Set(keys)];
    const hits = new Map<string, T>();
    const texts = (
      await Promise.all(
        chunks(unique, 10 * BATCH).map((part) =>
          this.guard.run('getMany', undefined, () => this.redis.mget(part.map((key) => this.keys.dataKey(key)))),
        ),
      )
    ).flat();
    const now = this.clock.now();
    texts.forEach((text, i) => {
      const entry = text === null ? undefined : decodeEnvelope(text);
      if (isLive(entry, now)) hits.set(unique[i], entry.value as T);
    });
    this.hits += hits.size;
    this.misses += unique.length - hits.size;
    return hits;
  }

  override async setMany(entries: SetManyInput, ttl?: number | null): Promise<void> {
    const pairs = checkSetMany(entries, ttl);
    const ttlMs = ttlToMs(ttl, this.settings.defaultTtlMs);
    const now = this.clock.now();
    const encoded = pairs.map(([, value]) => encodeEntry(value, ttlMs, now));
    for (const [key] of pairs) this.leases.revoke(key);
    for (let start = 0; start < pairs.length; start += BATCH) {
      const part = pairs.slice(start, start + BATCH);
      const payloads = encoded.slice(start, start + BATCH).map((e) => e.payload);
      await this.guard.run('setMany', undefined, () =>
        this.redis.s3vCacheWrite(
          2 * part.length,
          ...part.map(([key]) => this.keys.dataKey(key)),
          ...part.map(([key]) => this.keys.leaseKey(key)),
          encoded[start].px,
          ...payloads,
        ),
      );
    }
  }

  /**
   * Removes the live entries matching a glob (Python `fnmatch` semantics) and
   * revokes their leases in every process. The leases go first, so that no
   * fill can store a value after its entry was removed.
   */
  async deletePattern(pattern: string): Promise<number> {
    const matcher = compileGlob(pattern);
    this.leases.revokeMatching(matcher);
    if (matcher.kind === 'exact') return this.remover.deleteKeys('deletePattern', [matcher.literal]);
    return this.remover.deleteMatching(pattern, matcher);
  }

  /** Removes every entry and lease under the prefix (never `FLUSHDB`), leases first; resets hits and misses. */
  async clear(): Promise<void> {
    this.leases.revokeAll();
    this.hits = 0;
    this.misses = 0;
    await this.remover.clear();
  }

  /**
   * A lease on `key` that holds across processes (see `CacheBackend.lease`).
   * Readers share the current lease; any process's write or invalidation of
   * the key revokes it. When Redis cannot be reached the lease is invalid and
   * its `fill` stores nothing. When the last reader in this process of a lease
   * this process created releases it without storing, the Redis lease is
   * deleted at once (readers elsewhere that joined it can then no longer fill).
   *
   * With `lock.enabled`, when another process created the current lease (it is
   * loading the key), this waits as `getOrSet` does (up to `lock.wait`). If that
   * process stored a value meanwhile, or the key already holds one, the lease
   * comes back **invalid**: read the key again instead of loading it.
   */
  override async lease(key: string): Promise<CacheLease> {
    assertKey(key);
    const local = this.leases.acquire(key);
    const acquired = await acquireWaiting(this.shared, this.settings.lock, 'lease', key, false);
    const remote = acquired.kind === 'lease' ? acquired : undefined;
    return this.shared.toCacheLease(key, local, remote, () => this.leases.release(key, local));
  }

  /**
   * Cache-aside with single-flight in this process, and across processes when
   * `lock.enabled` (see {@link RedisCacheOptions.lock}). The result is stored
   * through a lease, so a write or invalidation in any process during the
   * load keeps it out of the cache. If Redis fails, the loader runs and its
   * result is returned without being cached.
   */
  override async getOrSet<T>(key: string, loader: () => T | Promise<T>, ttl?: number | null): Promise<T> {
    assertKey(key);
    ttlToMs(ttl, 0);
    if (typeof loader !== 'function') throw new InvalidArgumentError('getOrSet: loader must be a function');
    // Taken before the first await: a write or invalidation issued after this call revokes it.
    const local = this.leases.acquire(key);
    try {
      const cached = await this.get<T>(key).catch(() => undefined); // failure already counted and reported
      if (cached !== undefined) return cached;
      local.flight ??= loadThroughLease(this.shared, this.settings.lock, { key, loader, ttl, local }).finally(() => {
        local.flight = undefined;
      });
      return (await local.flight) as T;
    } finally {
      this.leases.release(key, local);
    }
  }

  stats(): RedisCacheStats {
    const lookups = this.hits + this.misses;
    const { defaultTtlMs, prefix } = this.settings;
    return {
      prefix,
      defaultTtl: defaultTtlMs === Infinity ? null : defaultTtlMs / 1000,
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
      ...this.guard.stats,
      breaker: this.breaker.state,
      connected: this.client.status === 'ready',
    };
  }

  /**
   * Quits the connection if this cache opened it (a `client` you gave stays
   * open), and the subscriber connection of `lock` if one was opened. Idempotent.
   */
  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.guard.close();
    this.signals.close();
    if (!this.owned || this.client.status === 'end') return;
    const ended = new Promise<void>((resolve) => this.client.once('end', resolve));
    try {
      await withTimeout(this.client.quit(), this.settings.connectTimeoutMs, 'close');
      await ended; // the socket closes right after the reply to QUIT
    } catch {
      this.client.disconnect(); // not connected (or not answering): stops reconnecting too
    }
  }

  private async read(operation: string, key: string): Promise<{ entry: Envelope; now: number } | undefined> {
    assertKey(key);
    const text = await this.guard.run(operation, key, () => this.redis.get(this.keys.dataKey(key)));
    const now = this.clock.now();
    const entry = text === null ? undefined : decodeEnvelope(text);
    if (!isLive(entry, now)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { entry, now };
  }
}
