import { CompositeCache, LRUCache, type CacheBackend, type CacheLease } from '@s3verless/cache';
import { RedisCache, type RedisCacheOptions } from '@s3verless/cache/redis';
import { deferred, type Deferred } from '@s3verless/cache/testing';
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { FrozenTimer, InstantTimer, signallingRealTimer } from '../helpers/lock-timers';
import { describeWithRedis, inspector, keysStartingWith, leaseHead, redisUrl, removePrefix, uniquePrefix } from '../helpers/redis';

describeWithRedis('RedisCache leases across processes (two instances on one prefix)', () => {
  let redis: Redis;
  let prefix: string;
  const open: CacheBackend[] = [];

  /** Another "process": its own connection, same prefix. */
  function instance(options: Partial<RedisCacheOptions> = {}): RedisCache {
    const cache = new RedisCache({ url: redisUrl, prefix, ...options });
    open.push(cache);
    return cache;
  }

  beforeAll(() => {
    redis = inspector();
  });
  beforeEach(() => {
    prefix = uniquePrefix('leases:');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await removePrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const revoking: Array<[string, (c: CacheBackend) => Promise<unknown>, unknown]> = [
    ['delete', (c) => c.delete('k'), undefined],
    ['set', (c) => c.set('k', 'new'), 'new'],
    ['setMany', (c) => c.setMany({ k: 'new', other: 1 }), 'new'],
    ['deleteMany', (c) => c.deleteMany(['k']), undefined],
    ['deletePattern', (c) => c.deletePattern('k*'), undefined],
    ['clear', (c) => c.clear(), undefined],
  ];

  describe('stale-set protection', () => {
    it.each(revoking)('a %s in process B makes the fill of a lease taken in A resolve false', async (_label, change, after) => {
      const a = instance();
      const b = instance();
      const lease = await a.lease('k');
      await change(b);
      expect(lease.valid).toBe(true); // A cannot know yet ...
      expect(await lease.fill('stale')).toBe(false); // ... but Redis refuses the fill atomically
      expect(await a.get('k')).toEqual(after);
    });

    it.each(revoking)('a %s in B during a getOrSet load in A keeps the loaded value out', async (_label, change, after) => {
      const a = instance();
      const b = instance();
      const started = deferred();
      const gate = deferred<string>();
      const pending = a.getOrSet('k', () => {
        started.resolve();
        return gate.promise;
      });
      await started.promise; // A took its lease and is reading the source
      await change(b);
      gate.resolve('read before the change');
      expect(await pending).toBe('read before the change'); // returned to the caller ...
      expect(await b.get('k')).toEqual(after); // ... but not stored over the change
    });

    it('shares one lease between readers of both processes; the first fill wins, the second is refused', async () => {
      const a = instance();
      const b = instance();
      const la = await a.lease('k');
      const lb = await b.lease('k');
      expect(await lb.fill('from b')).toBe(true);
      expect(await la.fill('from a')).toBe(false);
      expect(await a.get('k')).toBe('from b');
    });
  });

  describe('getOrSet with lock.enabled', () => {
    it('runs the loader once for 10 concurrent callers spread over two processes', async () => {
      const timer = signallingRealTimer();
      const a = instance({ lock: { enabled: true } });
      const b = instance({ lock: { enabled: true, timer } });
      const gate = deferred<string>();
      const loading = deferred();
      const loader = jest.fn(() => {
        loading.resolve();
        return gate.promise;
      });
      const first = a.getOrSet('k', loader);
      await loading.promise; // A created the lease and loads
      const callers = [first, ...[1, 2, 3, 4].map(() => a.getOrSet('k', loader)), ...[0, 1, 2, 3, 4].map(() => b.getOrSet('k', loader))];
      await timer.waiting.promise; // B found A's lease and polls
      gate.resolve('loaded once');
      expect(await Promise.all(callers)).toEqual(Array(10).fill('loaded once'));
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('lets waiters take over when the holder crashed: its lease expires after lease.ttl (200 ms, real)', async () => {
      const crashed = instance({ lease: { ttl: 200 } });
      await crashed.lease('k'); // took the lease, will never fill it
      await crashed.close(); // the process is gone
      const b = instance({ lock: { enabled: true, wait: 5000 } });
      const loader = jest.fn(() => 'loaded by b');
      const start = performance.now();
      expect(await b.getOrSet('k', loader)).toBe('loaded by b');
      const waited = performance.now() - start;
      expect(waited).toBeGreaterThanOrEqual(150);
      expect(waited).toBeLessThan(2000);
      expect(loader).toHaveBeenCalledTimes(1);
      expect(await b.get('k')).toBe('loaded by b');
    }, 10_000);

    it('lets waiters take over at once when a write revoked the holder\'s lease', async () => {
      const holder = instance({ lease: { ttl: 60_000 } });
      const holderLease = await holder.lease('k');
      const timer = new InstantTimer();
      const b = instance({ lock: { enabled: true, timer } });
      const writer = instance();
      const gate = deferred<string>();
      const pending = b.getOrSet('k', () => gate.promise);
      await timer.waiting.promise;
      await writer.delete('k'); // deletes the lease: B sees it gone and creates its own
      gate.resolve('fresh');
      expect(await pending).toBe('fresh');
      expect(timer.clock.now()).toBeLessThan(5000); // did not wait for lock.wait
      expect(await holderLease.fill('stale')).toBe(false);
      expect(await writer.get('k')).toBe('fresh');
    });

    it('lets waiters take over at once when the holder\'s loader fails', async () => {
      const a = instance({ lock: { enabled: true } });
      const timer = signallingRealTimer();
      const b = instance({ lock: { enabled: true, timer } });
      const gate = deferred<string>();
      const loading = deferred();
      const failing = a.getOrSet('k', () => {
        loading.resolve();
        return gate.promise;
      });
      await loading.promise; // A created the lease and loads
      const loaderB = jest.fn(() => 'b loaded');
      const waiting = b.getOrSet('k', loaderB);
      await timer.waiting.promise;
      gate.reject(new Error('S3 down'));
      await expect(failing).rejects.toThrow('S3 down');
      expect(await waiting).toBe('b loaded');
      expect(loaderB).toHaveBeenCalledTimes(1);
    });

    it('runs the loader itself after lock.wait, polling with a backoff up to pollInterval', async () => {
      const holder = instance({ lease: { ttl: 60_000 } });
      const holderLease = await holder.lease('k');
      const timer = new InstantTimer();
      const b = instance({ lock: { enabled: true, wait: 1000, pollInterval: 200, timer } });
      const loader = jest.fn(() => 'b gave up waiting');
      expect(await b.getOrSet('k', loader)).toBe('b gave up waiting');
      expect(loader).toHaveBeenCalledTimes(1);
      expect(timer.sleeps.slice(0, 7)).toEqual([5, 10, 20, 40, 80, 160, 200]);
      expect(timer.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(1000);
      // B stored through the shared lease (no write happened), which consumed it.
      expect(await holder.get('k')).toBe('b gave up waiting');
      expect(await holderLease.fill('late')).toBe(false);
    });

    it('does not wait without lock.enabled: each process loads', async () => {
      const a = instance();
      const timer = new InstantTimer();
      const b = instance({ lock: { enabled: false, timer } });
      const gate = deferred<string>();
      const loading = deferred();
      const pa = a.getOrSet('k', () => {
        loading.resolve();
        return gate.promise;
      });
      await loading.promise; // A created the lease and loads
      expect(await b.getOrSet('k', () => 'b')).toBe('b');
      gate.resolve('a');
      expect(await pa).toBe('a');
      expect(timer.sleeps).toEqual([]);
      expect(await a.get('k')).toBe('b'); // B filled first and consumed the shared lease; A's fill was refused
    });

    it('makes lease() wait for the process that is loading, then come back invalid: read the key again', async () => {
      const holder = instance();
      const holderLease = await holder.lease('k'); // created: holder is loading
      const timer = signallingRealTimer();
      const b = instance({ lock: { enabled: true, timer } });
      const pending = b.lease('k');
      await timer.waiting.promise;
      expect(await holderLease.fill('loaded by holder')).toBe(true);
      const lease = await pending;
      expect(lease.valid).toBe(false);
      expect(await lease.fill('would be a second load')).toBe(false);
      expect(await b.get('k')).toBe('loaded by holder');
      expect((await b.lease('k')).valid).toBe(false); // a live entry: no lease needed either
    });

    it('makes lease() share the holder\'s lease after lock.wait', async () => {
      const holder = instance({ lease: { ttl: 60_000 } });
      const holderLease = await holder.lease('k');
      const timer = new InstantTimer();
      const b = instance({ lock: { enabled: true, wait: 300, timer } });
      const lease = await b.lease('k');
      expect(timer.clock.now()).toBe(300);
      expect(lease.valid).toBe(true);
      expect(await lease.fill('b')).toBe(true);
      expect(await holderLease.fill('holder')).toBe(false);
    });

    it('releases its lease when the loader returns undefined, and caches nothing', async () => {
      const a = instance({ lock: { enabled: true } });
      expect(await a.getOrSet('k', () => undefined)).toBeUndefined();
      await a.exists('k'); // the release (sent without waiting) went first on this connection
      expect(await redis.exists(Buffer.concat([leaseHead(prefix), Buffer.from('k')]))).toBe(0);
      expect(await keysStartingWith(redis, prefix)).toEqual([]);
    });
  });

  describe('a lease that stores nothing ends in Redis at once: waiters never wait for lock.wait', () => {
    /** Guards the tests below: a waiter that is never let through fails by this timeout (nothing asserts on time). */
    const GUARD_MS = 5000;
    const leaseKey = (key: string) => Buffer.concat([leaseHead(prefix), Buffer.from(key)]);

    /** Two processes with the lock on. B's lock timer is frozen: only a signal lets B past a pause. */
    function pair(): { a: RedisCache; b: RedisCache; timer: FrozenTimer } {
      const timer = new FrozenTimer();
      return { a: instance({ lock: { enabled: true } }), b: instance({ lock: { enabled: true, timer } }), timer };
    }

    /** Starts a load of `k` through `cache` that waits for `gate`; resolves once the loader runs (the lease is taken). */
    async function startLoad(cache: CacheBackend, gate: Deferred<string | undefined>): Promise<{ done: Promise<unknown> }> {
      const loading = deferred();
      const done = cache.getOrSet('k', () => (loading.resolve(), gate.promise));
      done.catch(() => undefined);
      await loading.promise;
      return { done };
    }

    const outcomes: Array<[string, (gate: Deferred<string | undefined>) => void]> = [
      ['returns undefined', (gate) => gate.resolve(undefined)],
      ['throws', (gate) => gate.reject(new Error('S3 down'))],
    ];

    it.each(outcomes)("A's loader %s: B's waiting getOrSet loads at once", async (_label, settle) => {
      const { a, b, timer } = pair();
      const gate = deferred<string | undefined>();
      const { done: onA } = await startLoad(a, gate);
      const onB = b.getOrSet('k', () => 'loaded by b');
      await timer.sleepsBegun(2); // B waits on A's lease, subscribed: only a message can wake it now
      settle(gate);
      await onA.catch(() => undefined);
      expect(await onB).toBe('loaded by b');
      expect(await a.get('k')).toBe('loaded by b');
    }, GUARD_MS);

    it.each(outcomes)("A's loader %s: B's waiting lease() comes back valid at once", async (_label, settle) => {
      const { a, b, timer } = pair();
      const gate = deferred<string | undefined>();
      const { done: onA } = await startLoad(a, gate);
      const pending = b.lease('k');
      await timer.sleepsBegun(2);
      settle(gate);
      await onA.catch(() => undefined);
      const lease = await pending;
      expect(lease.valid).toBe(true);
      expect(await lease.fill('filled by b')).toBe(true);
      expect(await a.get('k')).toBe('filled by b');
    }, GUARD_MS);

    const giveUps: Array<[string, (lease: CacheLease) => Promise<unknown>]> = [
      ['released', async (lease) => lease.release()],
      ['filled with a value it cannot store', (lease) => lease.fill(undefined).catch(() => undefined)],
    ];

    it.each(giveUps)("A's lease() %s: B's waiting getOrSet loads at once", async (_label, giveUp) => {
      const { a, b, timer } = pair();
      const held = await a.lease('k'); // created: A is "loading"
      const onB = b.getOrSet('k', () => 'loaded by b');
      await timer.waiting.promise; // B waits; it may not have subscribed yet (then it looks again once it has)
      await giveUp(held);
      expect(await onB).toBe('loaded by b');
      expect(await a.get('k')).toBe('loaded by b');
    }, GUARD_MS);

    it.each(outcomes)("through CompositeCache (L1 + Redis), A's loader %s: B's waiting getOrSet loads at once", async (_label, settle) => {
      const { a, b, timer } = pair();
      const onTop = (redisTier: RedisCache) => {
        const composite = new CompositeCache([new LRUCache({ maxSize: 10 }), redisTier]);
        open.push(composite);
        return composite;
      };
      const [ca, cb] = [onTop(a), onTop(b)];
      const gate = deferred<string | undefined>();
      const { done: onA } = await startLoad(ca, gate);
      const onB = cb.getOrSet('k', () => 'loaded by b');
      await timer.sleepsBegun(2);
      settle(gate);
      await onA.catch(() => undefined);
      expect(await onB).toBe('loaded by b');
      expect(await ca.get('k')).toBe('loaded by b');
    }, GUARD_MS);

    it("hands A's value to B's waiting getOrSet at once (the fill signals too)", async () => {
      const { a, b, timer } = pair();
      const gate = deferred<string | undefined>();
      const { done: onA } = await startLoad(a, gate);
      const loaderB = jest.fn(() => 'loaded by b');
      const onB = b.getOrSet('k', loaderB);
      await timer.sleepsBegun(2);
      gate.resolve('loaded by a');
      expect(await onA).toBe('loaded by a');
      expect(await onB).toBe('loaded by a');
      expect(loaderB).not.toHaveBeenCalled();
    }, GUARD_MS);

    it('releases the Redis lease when the last reader of the creating process gives up, not before', async () => {
      const a = instance();
      const first = await a.lease('k'); // created it
      const second = await a.lease('k'); // joined it, in the same process
      first.release();
      await a.exists('k'); // a release would have gone first on this connection
      expect(await redis.exists(leaseKey('k'))).toBe(1);
      expect(second.valid).toBe(true);
      second.release();
      await a.exists('k');
      expect(await redis.exists(leaseKey('k'))).toBe(0);
    });

    it('never releases a lease another process created: that process may still be loading', async () => {
      const a = instance();
      const b = instance();
      const loading = await a.lease('k'); // created: A loads
      const joined = await b.lease('k');
      joined.release();
      await b.exists('k');
      expect(await redis.exists(leaseKey('k'))).toBe(1);
      expect(await loading.fill('from a')).toBe(true);
      expect(await b.get('k')).toBe('from a');
    });
  });
});
