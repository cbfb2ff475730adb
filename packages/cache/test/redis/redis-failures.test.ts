import { CompositeCache, LRUCache, TierInvalidationError } from '@s3verless/cache';
import { CacheTimeoutError, CacheUnavailableError, RedisCache, type RedisErrorEvent } from '@s3verless/cache/redis';
import { ManualClock, startRedisServer, type RedisServerHandle } from '@s3verless/cache/testing';
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { describeWithRedisServer } from '../helpers/redis';

/** Resolves at the next `event` of the connection (registered before the action that causes it). */
function next(client: Redis, event: 'ready' | 'close'): Promise<void> {
  return new Promise((resolve) => client.once(event, () => resolve()));
}

/** Runs `call`, expecting it to reject; answers the error and how long it took to settle. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
  throw new Error('expected the call to fail');
}

describeWithRedisServer('RedisCache when Redis dies, hangs and comes back (dedicated redis-server)', () => {
  let server: RedisServerHandle;
  let breakerClock: ManualClock;
  let cache: RedisCache;
  let errors: Array<{ error: unknown; event: RedisErrorEvent }>;

  beforeEach(async () => {
    server = await startRedisServer();
    breakerClock = new ManualClock();
    errors = [];
    cache = new RedisCache({
      url: server.url,
      prefix: 'failures:',
      operationTimeout: 50,
      breaker: { failureThreshold: 3, cooldown: 1000, clock: breakerClock },
      onError: (error, event) => errors.push({ error, event }),
    });
    await cache.set('k', 'v');
  });

  afterEach(async () => {
    await cache.close();
    await server.stop();
  });

  it('fails fast with named errors once Redis is killed, and works again after a restart and the cooldown', async () => {
    const closed = next(cache.client, 'close');
    await server.kill();
    await closed;

    // Down, breaker still closed: ioredis refuses at once (no offline queue).
    for (let i = 0; i < 3; i++) {
      const { error, ms } = await failure(() => cache.get('k'));
      expect(error).toBeInstanceOf(CacheUnavailableError);
      expect((error as CacheUnavailableError).breakerOpen).toBe(false);
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(50);
    }
    expect(cache.stats()).toMatchObject({ breaker: 'open', errors: 3, connected: false });

    // Open: every operation is refused without touching the network.
    const calls: Array<() => Promise<unknown>> = [
      () => cache.get('k'),
      () => cache.set('k', 1),
      () => cache.exists('k'),
      () => cache.delete('k'),
      () => cache.getMany(['k']),
      () => cache.setMany({ k: 1 }),
      () => cache.deleteMany(['k']),
      () => cache.deletePattern('k*'),
      () => cache.clear(),
    ];
    for (const call of calls) {
      const { error, ms } = await failure(call);
      expect(error).toBeInstanceOf(CacheUnavailableError);
      expect((error as CacheUnavailableError).breakerOpen).toBe(true);
      expect(ms).toBeLessThan(10);
    }
    expect(cache.stats()).toMatchObject({ rejected: calls.length, errors: 3 });
    expect(errors.filter((e) => e.event.operation === 'get')).toHaveLength(3);

    // Redis comes back on the same port; the breaker stays open until its cooldown is over.
    const ready = next(cache.client, 'ready');
    server = await startRedisServer({ port: server.port });
    await ready;
    expect(cache.stats().connected).toBe(true);
    expect((await failure(() => cache.get('k'))).error).toBeInstanceOf(CacheUnavailableError);
    breakerClock.advance(1000);
    expect(cache.stats().breaker).toBe('half-open');
    expect(await cache.get('k')).toBeUndefined(); // the trial: a fresh server holds nothing
    expect(cache.stats().breaker).toBe('closed');
    await cache.set('k', 'again');
    expect(await cache.get('k')).toBe('again');
  }, 15_000);

  it('times out on a hung Redis with CacheTimeoutError, then opens the breaker', async () => {
    server.pause();
    try {
      for (let i = 0; i < 3; i++) {
        const { error, ms } = await failure(() => cache.get('k'));
        expect(error).toBeInstanceOf(CacheTimeoutError);
        expect(ms).toBeGreaterThanOrEqual(45);
        expect(ms).toBeLessThan(1000);
      }
      expect(cache.stats()).toMatchObject({ breaker: 'open', timeouts: 3, errors: 3 });
      const { error, ms } = await failure(() => cache.get('k'));
      expect((error as CacheUnavailableError).breakerOpen).toBe(true);
      expect(ms).toBeLessThan(10);
    } finally {
      server.resume();
    }
    breakerClock.advance(1000);
    expect(await cache.get('k')).toBe('v');
  });

  it('settles a call that is in flight when Redis is killed', async () => {
    server.pause();
    const inFlight = failure(() => cache.get('k'));
    await server.kill();
    const { error, ms } = await inFlight;
    expect(error instanceof CacheUnavailableError || error instanceof CacheTimeoutError).toBe(true);
    expect(ms).toBeLessThan(1000);
  });

  it('keeps getOrSet answering (loader, no caching) and leases harmless while Redis is down', async () => {
    const closed = next(cache.client, 'close');
    await server.kill();
    await closed;
    const loader = jest.fn(() => 'from the source');
    expect(await cache.getOrSet('k', loader)).toBe('from the source');
    expect(loader).toHaveBeenCalledTimes(1);
    const lease = await cache.lease('k');
    expect(lease.valid).toBe(false);
    expect(await lease.fill('v')).toBe(false);
    expect(cache.stats().errors).toBeGreaterThan(0);
  });

  it('lets a CompositeCache degrade to its in-process tier while Redis is down', async () => {
    const l1 = new LRUCache({ maxSize: 10, defaultTtl: 60 });
    const tiers = new CompositeCache([l1, cache]);
    await tiers.set('a', 1);
    const closed = next(cache.client, 'close');
    await server.kill();
    await closed;
    expect(await tiers.get('a')).toBe(1);
    await tiers.set('b', 2); // written to L1, Redis skipped
    expect(await tiers.get('b')).toBe(2);
    const { error, ms } = await failure(() => tiers.delete('a')); // an invalidation that missed Redis is not silent
    expect(error).toBeInstanceOf(TierInvalidationError);
    expect((error as TierInvalidationError).errors[0]).toBeInstanceOf(CacheUnavailableError);
    expect(ms).toBeLessThan(50);
    expect(await l1.get('a')).toBeUndefined(); // L1 was invalidated all the same
  });

  it('reports connection errors to onError and never leaves them unhandled', async () => {
    const closed = next(cache.client, 'close');
    await server.kill();
    await closed;
    await new Promise<void>((resolve) => cache.client.once('error', () => resolve())); // the next reconnection attempt
    expect(errors.some((e) => e.event.operation === 'connection')).toBe(true);
  });

  it('closes cleanly while Redis is down', async () => {
    const closed = next(cache.client, 'close');
    await server.kill();
    await closed;
    await cache.close();
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
  });
});
