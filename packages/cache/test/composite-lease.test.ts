import { CompositeCache, InMemoryCache, LRUCache, type CacheLease, type TierErrorEvent } from '@s3verless/cache';
import { deferred, FaultyCache, flushMicrotasks, ManualClock } from '@s3verless/cache/testing';

/** Spies on the leases a tier hands out: `onFill` before each fill, `onRelease` on each release. */
function watchLeases(tier: LRUCache | InMemoryCache, hooks: { onFill?: () => void; onRelease?: () => void }): void {
  const realLease = tier.lease.bind(tier);
  jest.spyOn(tier, 'lease').mockImplementation(async (key) => {
    const inner = await realLease(key);
    const watched: CacheLease = {
      key,
      get valid() {
        return inner.valid;
      },
      fill: (value, ttl) => (hooks.onFill?.(), inner.fill(value, ttl)),
      release: () => (hooks.onRelease?.(), inner.release()),
    };
    return watched;
  });
}

describe('CompositeCache.lease', () => {
  let clock: ManualClock;
  let l1: LRUCache;
  let l2: InMemoryCache;
  let events: TierErrorEvent[];

  beforeEach(() => {
    clock = new ManualClock();
    l1 = new LRUCache({ clock, maxSize: 100, defaultTtl: 60, cleanupInterval: null });
    l2 = new InMemoryCache({ clock, defaultTtl: 300, cleanupInterval: null });
    events = [];
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const composite = (...tiers: ConstructorParameters<typeof CompositeCache>[0]) =>
    new CompositeCache(tiers, { onError: (_e, event) => events.push(event) });

  it('fills every tier through its own lease, each with its own default ttl', async () => {
    const cache = composite(l1, l2);
    const lease = await cache.lease('k');
    expect(await lease.fill('v')).toBe(true);
    expect((await l1.getEntry('k'))?.ttl).toBeCloseTo(60, 3);
    expect((await l2.getEntry('k'))?.ttl).toBeCloseTo(300, 3);
  });

  it('stores nothing anywhere when a later (shared) tier refuses: it saw a write from elsewhere', async () => {
    const cache = composite(l1, l2);
    const lease = await cache.lease('k');
    await l2.set('k', 'written by another process'); // not through this composite
    expect(await lease.fill('old')).toBe(false);
    expect(await l1.exists('k')).toBe(false);
    expect(await l2.get('k')).toBe('written by another process');
  });

  it('fills the last tier first', async () => {
    const order: string[] = [];
    watchLeases(l1, { onFill: () => order.push('l1') });
    watchLeases(l2, { onFill: () => order.push('l2') });
    await (await composite(l1, l2).lease('k')).fill('v');
    expect(order).toEqual(['l2', 'l1']);
  });

  it('skips a tier whose lease() failed, still fills the others, and reports it', async () => {
    const broken = new FaultyCache(l2).failWith(new Error('ECONNREFUSED'), ['lease']);
    const cache = composite(l1, broken);
    const lease = await cache.lease('k');
    expect(await lease.fill('v')).toBe(true);
    expect(await l1.get('k')).toBe('v');
    expect(await l2.exists('k')).toBe(false); // left without the value, never with an older one
    expect(events).toEqual([{ tier: 1, type: 'FaultyCache', operation: 'lease', subject: 'k' }]);
    expect(cache.stats().tiers[1].failures).toBe(1);
  });

  it('skips a tier whose fill fails and still resolves true', async () => {
    const broken = new FaultyCache(l2);
    const cache = composite(l1, broken);
    const lease = await cache.lease('k');
    broken.failWith(new Error('timeout'), ['set']);
    expect(await lease.fill('v')).toBe(true);
    expect(await l1.get('k')).toBe('v');
    expect(events.map((e) => e.operation)).toEqual(['fill']);
  });

  it('counts a lease() slower than the tier timeout as failed, and releases it when it arrives', async () => {
    jest.useFakeTimers();
    const slow = new FaultyCache(l2).delayBy(1_000, ['lease']);
    const cache = new CompositeCache([l1, { cache: slow, timeout: 50 }], { onError: (_e, event) => events.push(event) });
    const releases = jest.fn();
    watchLeases(l2, { onRelease: releases });
    const pending = cache.lease('k');
    await jest.advanceTimersByTimeAsync(50);
    const lease = await pending;
    expect(events).toEqual([expect.objectContaining({ tier: 1, operation: 'lease' })]);
    expect(await lease.fill('v')).toBe(true);
    expect(await l2.exists('k')).toBe(false);
    expect(releases).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(releases).toHaveBeenCalledTimes(1);
  });

  it('stops filling when the key is written while a slow tier fills', async () => {
    const slow = new FaultyCache(l2);
    const cache = composite(l1, slow);
    const lease = await cache.lease('k');
    const gate = deferred();
    const realSet = l2.set.bind(l2);
    jest.spyOn(l2, 'set').mockImplementationOnce(async (key, value, ttl) => {
      await gate.promise;
      return realSet(key, value, ttl);
    });
    const filling = lease.fill('old');
    await flushMicrotasks();
    await cache.delete('k');
    gate.resolve();
    await filling;
    expect(await l1.exists('k')).toBe(false);
  });

  it('getOrSet stores the loader result through the lease: a write elsewhere to the shared tier wins', async () => {
    const cache = composite(l1, l2);
    const gate = deferred<string>();
    let loading = false;
    const pending = cache.getOrSet('k', () => ((loading = true), gate.promise));
    while (!loading) await flushMicrotasks(); // the loader is reading the source
    await l2.set('k', 'new'); // another process wrote the shared tier while we read the source
    gate.resolve('old');
    expect(await pending).toBe('old');
    expect(await l1.exists('k')).toBe(false);
    expect(await cache.get('k')).toBe('new');
  });

  /** Makes `tier.lease()` answer an already-invalid lease, as RedisCache does when Redis is down (after `before`). */
  function refuseLeases(tier: InMemoryCache, before: () => Promise<unknown> = async () => undefined): jest.Mock {
    const release = jest.fn();
    jest.spyOn(tier, 'lease').mockImplementation(async (key) => {
      await before();
      return { key, valid: false, fill: async () => false, release };
    });
    return release;
  }

  it('skips a tier whose lease is invalid from the start (its Redis is down) and fills the others', async () => {
    const release = refuseLeases(l2);
    const cache = composite(l1, l2);
    const lease = await cache.lease('k');
    expect(release).toHaveBeenCalledTimes(1); // given back at once
    expect(lease.valid).toBe(true);
    expect(await lease.fill('v')).toBe(true);
    expect(await l1.get('k')).toBe('v');
    expect(await l2.exists('k')).toBe(false);
    expect(events).toEqual([]); // the tier reports its own failure; nothing threw here
  });

  it('getOrSet reads again instead of loading when a tier lease was refused at once (another process stored the key)', async () => {
    refuseLeases(l2, () => l2.set('k', 'stored by another process'));
    const cache = composite(l1, l2);
    const loader = jest.fn(() => 'loaded here');
    expect(await cache.getOrSet('k', loader)).toBe('stored by another process');
    expect(loader).not.toHaveBeenCalled();
  });

  it('getOrSet still loads, and fills the other tiers, when reading again finds nothing', async () => {
    refuseLeases(l2);
    const cache = composite(l1, l2);
    expect(await cache.getOrSet('k', () => 'loaded')).toBe('loaded');
    expect(await l1.get('k')).toBe('loaded');
  });

  it('getOrSet takes the lease before running the loader', async () => {
    const cache = composite(l1, l2);
    const taken: string[] = [];
    const realLease = l2.lease.bind(l2);
    jest.spyOn(l2, 'lease').mockImplementation(async (key) => {
      taken.push('lease');
      return realLease(key);
    });
    await cache.getOrSet('k', () => (taken.push('loader'), 'v'));
    expect(taken).toEqual(['lease', 'loader']);
  });
});
