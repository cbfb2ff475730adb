import { InvalidArgumentError, InvalidOptionError } from '@s3verless/cache';
import { CacheUnavailableError, RedisCache, type RedisCacheOptions } from '@s3verless/cache/redis';
import { ManualClock } from '@s3verless/cache/testing';
import { Redis } from 'ioredis';
import {
  describeWithRedis,
  inspector,
  keysStartingWith,
  leaseHead,
  redisUrl,
  removePrefix,
  uniquePrefix,
} from '../helpers/redis';

describe('RedisCache options', () => {
  const url = 'redis://127.0.0.1:1';
  it.each<[string, RedisCacheOptions, string]>([
    ['neither url nor client', {}, 'url'],
    ['both url and client', { url, client: {} as Redis }, 'client'],
    ['a client that is not ioredis', { client: { get: () => 1 } as unknown as Redis }, 'client'],
    ['a url that is not redis://', { url: 'http://localhost:6379' }, 'url'],
    ['an empty prefix', { url, prefix: '' }, 'prefix'],
    ['a defaultTtl of 0', { url, defaultTtl: 0 }, 'defaultTtl'],
    ['a negative operationTimeout', { url, operationTimeout: -1 }, 'operationTimeout'],
    ['an infinite operationTimeout', { url, operationTimeout: Infinity }, 'operationTimeout'],
    ['a fractional failureThreshold', { url, breaker: { failureThreshold: 1.5 } }, 'breaker.failureThreshold'],
    ['a cooldown of 0', { url, breaker: { cooldown: 0 } }, 'breaker.cooldown'],
    ['an unknown breaker option', { url, breaker: { threshold: 3 } as never }, 'threshold'],
    ['a clock without now()', { url, clock: {} as never }, 'clock'],
    ['a scanCount of 0', { url, scanCount: 0 }, 'scanCount'],
    ['a lease ttl of 0', { url, lease: { ttl: 0 } }, 'lease.ttl'],
    ['lock.enabled that is not a boolean', { url, lock: { enabled: 'yes' as never } }, 'lock.enabled'],
    ['a negative lock.wait', { url, lock: { wait: -5 } }, 'lock.wait'],
    ['a lock.timer without sleep()', { url, lock: { timer: { now: () => 0 } as never } }, 'lock.timer'],
    ['an onError that is not a function', { url, onError: 'log' as never }, 'onError'],
    ['a misspelt option', { url, defaultTTL: 5 } as never, 'defaultTTL'],
  ])('rejects %s, naming the option', (_label, options, option) => {
    let error: unknown;
    try {
      new RedisCache(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it('rejects connectTimeout with a client of your own', () => {
    const client = new Redis(url, { lazyConnect: true });
    expect(() => new RedisCache({ client, connectTimeout: 100 })).toThrow(/connectTimeout/);
    client.disconnect();
  });

  it('opens its own connection set up to fail fast, with an error listener', async () => {
    const cache = new RedisCache({ url, connectTimeout: 250 });
    const { options } = cache.client;
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.maxRetriesPerRequest).toBe(1);
    expect(options.connectTimeout).toBe(250);
    expect([1, 2, 3, 6, 20].map((n) => options.retryStrategy?.(n))).toEqual([50, 100, 200, 1000, 1000]);
    expect(cache.client.listenerCount('error')).toBeGreaterThan(0);
    await cache.close();
  });
});

describeWithRedis('RedisCache against a real Redis', () => {
  let redis: Redis;
  let clock: ManualClock;
  const open: RedisCache[] = [];
  const prefixes: string[] = [];

  function make(options: Partial<RedisCacheOptions> = {}): RedisCache {
    const prefix = options.prefix ?? uniquePrefix('cache:');
    prefixes.push(prefix);
    const cache = new RedisCache({ url: redisUrl, clock, ...options, prefix });
    open.push(cache);
    return cache;
  }

  beforeAll(() => {
    redis = inspector();
  });
  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    for (const prefix of prefixes.splice(0)) await removePrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  describe('storage layout', () => {
    it('stores ${prefix}${key} as an envelope with the logical expiry, and PX in the same command', async () => {
      const cache = make({ prefix: uniquePrefix('layout:') });
      const { prefix } = cache.stats();
      await cache.set('product:1', { name: 'Lamp' }, 10);
      expect(await redis.get(`${prefix}product:1`)).toBe(`{"e":${1_700_000_010_000},"v":{"name":"Lamp"}}`);
      const pttl = await redis.pttl(`${prefix}product:1`);
      expect(pttl).toBeGreaterThan(9_000);
      expect(pttl).toBeLessThanOrEqual(10_000);
    });

    it('sets no PX for ttl Infinity nor for defaultTtl null', async () => {
      const cache = make({ defaultTtl: null });
      const { prefix } = cache.stats();
      await cache.set('a', 1);
      await cache.set('b', 1, Infinity);
      expect(await redis.pttl(`${prefix}a`)).toBe(-1);
      expect(await redis.pttl(`${prefix}b`)).toBe(-1);
      expect(await redis.get(`${prefix}a`)).toBe('{"e":null,"v":1}');
    });

    it('defaults to the wall clock (shared by every process) and the prefix "s3v-cache:"', async () => {
      const cache = new RedisCache({ url: redisUrl, prefix: uniquePrefix('wall:') });
      open.push(cache);
      prefixes.push(cache.stats().prefix);
      const before = Date.now();
      await cache.set('k', 1, 60);
      const { e } = JSON.parse((await redis.get(`${cache.stats().prefix}k`)) as string) as { e: number };
      expect(e).toBeGreaterThanOrEqual(before + 60_000);
      expect(e).toBeLessThanOrEqual(Date.now() + 60_000);
      const defaults = new RedisCache({ url: redisUrl });
      open.push(defaults);
      expect(defaults.stats().prefix).toBe('s3v-cache:');
    });

    it('treats a logically expired entry as absent everywhere, and removes it on delete', async () => {
      const cache = make();
      const { prefix } = cache.stats();
      await cache.setMany([['old', 1], ['older', 2]], 5);
      await cache.set('fresh', 3, 60);
      clock.advanceSeconds(5);
      expect(await cache.getMany(['old', 'older', 'fresh'])).toEqual(new Map([['fresh', 3]]));
      expect(await cache.exists('old')).toBe(false);
      expect(await cache.getEntry('old')).toBeUndefined();
      expect(await redis.exists(`${prefix}old`)).toBe(1); // Redis has not dropped it yet (real time)
      expect(await cache.delete('old')).toBe(false); // not live ...
      expect(await redis.exists(`${prefix}old`)).toBe(0); // ... but removed
      expect(await cache.deleteMany(['older', 'fresh', 'fresh'])).toBe(1);
    });

    it('reads an entry that another program stored under the prefix as absent', async () => {
      const cache = make();
      const { prefix } = cache.stats();
      await redis.set(`${prefix}foreign`, '{"name":"not an envelope"}');
      await redis.hset(`${prefix}hash`, 'a', '1');
      expect(await cache.get('foreign')).toBeUndefined();
      expect(await cache.exists('foreign')).toBe(false);
      expect(await cache.exists('hash')).toBe(false);
      expect(await cache.deletePattern('*')).toBe(0); // removed, but they were not live entries
      expect(await keysStartingWith(redis, prefix)).toEqual([]);
    });
  });

  describe('values are JSON', () => {
    it('returns a Date as its ISO string and drops undefined members (unlike the in-process caches)', async () => {
      const cache = make();
      await cache.set('k', { at: new Date('2024-01-15T10:30:00Z'), gone: undefined, n: 1 });
      expect(await cache.get('k')).toEqual({ at: '2024-01-15T10:30:00.000Z', n: 1 });
    });

    it('returns a copy, not the object stored', async () => {
      const cache = make();
      const value = { list: [1] };
      await cache.set('k', value);
      value.list.push(2);
      expect(await cache.get('k')).toEqual({ list: [1] });
    });

    it.each([
      ['a function', () => 1],
      ['a BigInt', 1n],
    ])('rejects %s with InvalidArgumentError and stores nothing', async (_label, value) => {
      const cache = make();
      await expect(cache.set('k', value)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(cache.setMany([['ok', 1], ['k', value]])).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await cache.getMany(['k', 'ok'])).toEqual(new Map());
    });
  });

  describe('batches', () => {
    it('getMany sends one MGET; setMany one script call per 500 entries', async () => {
      const cache = make();
      const mget = jest.spyOn(cache.client, 'mget');
      const entries = Array.from({ length: 600 }, (_, i): [string, number] => [`k${i}`, i]);
      const script = jest.spyOn(cache.client as unknown as { s3vCacheWrite: () => Promise<number> }, 's3vCacheWrite');
      await cache.setMany(entries);
      expect(script).toHaveBeenCalledTimes(2);
      const hits = await cache.getMany(entries.slice(0, 100).map(([k]) => k).concat(['missing', 'k0']));
      expect(mget).toHaveBeenCalledTimes(1);
      expect(hits.size).toBe(100);
      expect(cache.stats()).toMatchObject({ hits: 100, misses: 1 });
    });

    it('getMany of no keys asks Redis nothing', async () => {
      const cache = make();
      const mget = jest.spyOn(cache.client, 'mget');
      expect(await cache.getMany([])).toEqual(new Map());
      expect(mget).not.toHaveBeenCalled();
    });
  });

  describe('deletePattern and clear', () => {
    it('walk the prefix with SCAN (COUNT scanCount) and UNLINK in batches, never KEYS', async () => {
      const cache = make({ scanCount: 10 });
      const scan = jest.spyOn(cache.client, 'scanBuffer');
      const keys = jest.spyOn(cache.client, 'keys');
      const unlink = jest.spyOn(cache.client, 'unlink');
      await cache.setMany(Array.from({ length: 60 }, (_, i) => [`user:${i}`, i] as const));
      await cache.setMany(Array.from({ length: 5 }, (_, i) => [`session:${i}`, i] as const));
      expect(await cache.deletePattern('user:*')).toBe(60);
      const calls = scan.mock.calls as unknown as unknown[][];
      expect(calls.every((call) => call[1] === 'MATCH' && call[3] === 'COUNT' && call[4] === 10)).toBe(true);
      expect(calls.length).toBeGreaterThan(2);
      await cache.clear();
      expect(unlink).toHaveBeenCalled();
      expect(keys).not.toHaveBeenCalled();
      expect(await keysStartingWith(redis, cache.stats().prefix)).toEqual([]);
    });

    it('delete a literal pattern with one command, without SCAN', async () => {
      const cache = make();
      const scan = jest.spyOn(cache.client, 'scanBuffer');
      await cache.set('a.b', 1);
      expect(await cache.deletePattern('a.b')).toBe(1);
      expect(scan).not.toHaveBeenCalled();
    });

    it('touch only keys under their own prefix, even with metacharacters in it', async () => {
      const tricky = make({ prefix: uniquePrefix('a*[b]?\\:') });
      const base = tricky.stats().prefix;
      const neighbour = make({ prefix: base.replace('a*[b]?\\:', 'aXXbY\\:') });
      const other = make({ prefix: base.replace('a*[b]?\\:', 'a*[b]?\\:x') }); // longer, looks similar
      for (const c of [tricky, neighbour]) await c.setMany({ 'k:1': 1, 'k:2': 2 });
      await other.set('1', 1); // its Redis key is `${base}x1`
      expect(await tricky.deletePattern('k:*')).toBe(2);
      await tricky.clear();
      expect(await neighbour.getMany(['k:1', 'k:2'])).toEqual(new Map([['k:1', 1], ['k:2', 2]]));
      // A prefix that starts with another cache's prefix is inside its namespace: the README says to end prefixes with ':'.
      expect(await other.get('1')).toBeUndefined();
    });
  });

  describe('leases in Redis', () => {
    it('keeps a lease at 0xFF "lease:" + prefix + key, which no entry key can equal', async () => {
      const cache = make({ lease: { ttl: 2000 } });
      const { prefix } = cache.stats();
      const lease = await cache.lease('k');
      const [leaseKey] = await keysStartingWith(redis, leaseHead(prefix));
      expect(leaseKey).toEqual(Buffer.concat([leaseHead(prefix), Buffer.from('k')]));
      expect(await redis.pttl(leaseKey)).toBeGreaterThan(1000);
      expect(await redis.pttl(leaseKey)).toBeLessThanOrEqual(2000);
      expect(await keysStartingWith(redis, prefix)).toEqual([]); // not an entry
      expect(await cache.deletePattern('*')).toBe(0); // not counted as one ...
      expect(await lease.fill('v')).toBe(false); // ... but revoked
      expect(await keysStartingWith(redis, leaseHead(prefix))).toEqual([]);
    });

    it('deletes the lease key when the fill stores', async () => {
      const cache = make();
      const lease = await cache.lease('k');
      expect(await lease.fill('v')).toBe(true);
      expect(await keysStartingWith(redis, leaseHead(cache.stats().prefix))).toEqual([]);
    });
  });

  describe('stats and close', () => {
    it('reports plain data: prefix, defaultTtl, hits, misses, errors, timeouts, breaker, connected', async () => {
      const cache = make({ defaultTtl: 60 });
      await cache.set('a', 1);
      await cache.get('a');
      await cache.get('b');
      expect(cache.stats()).toEqual({
        prefix: cache.stats().prefix,
        defaultTtl: 60,
        hits: 1,
        misses: 1,
        hitRate: 0.5,
        errors: 0,
        timeouts: 0,
        rejected: 0,
        breaker: 'closed',
        connected: true,
      });
    });

    it('quits the connection it opened, and then refuses calls with CacheUnavailableError', async () => {
      const cache = make();
      await cache.set('a', 1);
      await cache.close();
      expect(cache.client.status).toBe('end');
      await expect(cache.get('a')).rejects.toBeInstanceOf(CacheUnavailableError);
      await expect(cache.close()).resolves.toBeUndefined();
    });

    it('leaves a client of your own open', async () => {
      const client = new Redis(redisUrl);
      const cache = new RedisCache({ client, prefix: uniquePrefix('own:'), clock });
      prefixes.push(cache.stats().prefix);
      await cache.set('a', 1);
      await cache.close();
      expect(await client.ping()).toBe('PONG');
      await client.quit();
    });

    it('lets several caches share one client of your own', async () => {
      const client = new Redis(redisUrl);
      const a = new RedisCache({ client, prefix: uniquePrefix('share-a:'), clock });
      const b = new RedisCache({ client, prefix: uniquePrefix('share-b:'), clock });
      prefixes.push(a.stats().prefix, b.stats().prefix);
      await a.set('k', 'a');
      await b.set('k', 'b');
      expect([await a.get('k'), await b.get('k')]).toEqual(['a', 'b']);
      await client.quit();
    });
  });
});
