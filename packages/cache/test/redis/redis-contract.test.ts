import type { CacheBackend } from '@s3verless/cache';
import { RedisCache } from '@s3verless/cache/redis';
import type { ManualClock } from '@s3verless/cache/testing';
import { describeCacheBackendContract } from '../contract/backend-contract';
import { FrozenTimer } from '../helpers/lock-timers';
import { describeWithRedis, keysStartingWith, leaseHead, redisUrl, throwAwayPrefixes, uniquePrefix } from '../helpers/redis';

describeWithRedis('RedisCache against a real Redis', () => {
  /** How each cache was built, so that `peer` can build another on the same prefix and clock. */
  const built = new WeakMap<CacheBackend, { prefix: string; clock: ManualClock; defaultTtl: number | null }>();
  const prefixes = throwAwayPrefixes();

  describeCacheBackendContract('RedisCache', {
    create: ({ clock, defaultTtl }) => {
      const prefix = prefixes.fresh('contract:');
      const cache = new RedisCache({ url: redisUrl, prefix, clock, defaultTtl });
      built.set(cache, { prefix, clock, defaultTtl });
      return cache;
    },
    // Another process, which waits for loads in progress elsewhere (lock.enabled) with a frozen
    // lock timer: it gets through only when the lease it waits on ends, never by reaching lock.wait.
    peer: (backend) => {
      const options = built.get(backend);
      if (options === undefined) throw new Error('peer: not a RedisCache built by this harness');
      return new RedisCache({ url: redisUrl, ...options, lock: { enabled: true, timer: new FrozenTimer() } });
    },
  });

  it('leaves no key behind once the contract tests cleaned up', async () => {
    const cache = new RedisCache({ url: redisUrl, prefix: uniquePrefix('left:') });
    const { prefix } = cache.stats();
    await cache.set('a', 1);
    await cache.lease('b');
    await cache.clear();
    expect(await keysStartingWith(prefixes.redis(), prefix)).toEqual([]);
    expect(await keysStartingWith(prefixes.redis(), leaseHead(prefix))).toEqual([]);
    await cache.close();
  });
});
