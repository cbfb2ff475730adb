import { type CacheBackend, CompositeCache, LRUCache } from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import type { ManualClock } from '@s3verless/cache/testing';
import { describeCacheBackendContract } from '../contract/backend-contract';
import { describeWithRedis, redisUrl, throwAwayPrefixes } from '../helpers/redis';

/**
 * The tiers the products API runs with `REDIS_URL`: an in-process LRU in front
 * of Redis, with the Redis invalidation bus. The peer is another instance
 * (its own L1 and connections; the same prefix, clock and channel).
 */
describeWithRedis('CompositeCache (LRU L1 + RedisCache + Redis bus) against a real Redis', () => {
  const built = new WeakMap<CacheBackend, { prefix: string; clock: ManualClock; defaultTtl: number | null }>();
  const prefixes = throwAwayPrefixes();

  /** One instance, returned once its bus is connected (a connection change clears L1 and revokes leases). */
  async function instance(options: { prefix: string; clock: ManualClock; defaultTtl: number | null }): Promise<CompositeCache> {
    const { prefix, clock, defaultTtl } = options;
    const l1 = new LRUCache({ clock, defaultTtl, maxSize: 1000 });
    // The contract checks behaviour, not timeouts (redis-failures.test.ts does): the race tests keep the
    // event loop busy with L1 hits, and a loaded CI machine must not turn that into a 100 ms Redis timeout.
    const l2 = new RedisCache({ url: redisUrl, prefix, clock, defaultTtl, operationTimeout: 5000 });
    const bus = new RedisInvalidationBus({ url: redisUrl, channel: `${prefix}invalidate` });
    const cache = new CompositeCache([l1, l2], { bus: { transport: bus, localTiers: [0] } });
    built.set(cache, options);
    await bus.ready();
    return cache;
  }

  describeCacheBackendContract('CompositeCache (LRU + Redis + bus)', {
    create: ({ clock, defaultTtl }) => {
      const prefix = prefixes.fresh('composite:');
      return instance({ prefix, clock, defaultTtl });
    },
    peer: (backend) => {
      const options = built.get(backend);
      if (options === undefined) throw new Error('peer: not a CompositeCache built by this harness');
      return instance(options);
    },
  });
});
