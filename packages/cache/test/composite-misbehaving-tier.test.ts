import { CompositeCache, InMemoryCache, LRUCache, TierInvalidationError, type TierErrorEvent } from '@s3verless/cache';
import { MisbehavingCache, misbehaviourCases, ProcessFailures } from '@s3verless/cache/testing';

/** Waits until `done()` holds, letting I/O and timers run between checks (no sleep of a fixed length). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

/** Settles to `'ok'` or to the error's class name: an invalidation may reject, but only with TierInvalidationError. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

const INVALIDATIONS = ['delete', 'deleteMany', 'deletePattern', 'clear'] as const;
const OPERATIONS = ['getEntry', 'set', 'lease', ...INVALIDATIONS] as const;

/**
 * Issue 10, deliverable 3: a tier that misbehaves in any way (sync throws,
 * rejections, calls that never settle, malformed leases) degrades a
 * `CompositeCache`: reads and writes go on without it and never throw;
 * invalidations reject with `TierInvalidationError` after trying every tier, and never hang.
 * A never-settling call is bounded by the tier's `timeout`.
 */
describe('CompositeCache with a misbehaving tier', () => {
  const failures = new ProcessFailures();
  let events: TierErrorEvent[];
  beforeAll(() => failures.install());
  afterAll(() => failures.uninstall());
  beforeEach(() => {
    events = [];
  });

  /** A composite whose tier `position` misbehaves (timeout 20 ms), the other tier a plain in-process cache. */
  function build(position: 0 | 1): { cache: CompositeCache; bad: MisbehavingCache } {
    const bad = new MisbehavingCache(new InMemoryCache({ defaultTtl: position === 0 ? 60 : 300, cleanupInterval: null }));
    const good = new LRUCache({ maxSize: 100, defaultTtl: position === 0 ? 300 : 60 });
    const tiers = position === 0 ? [{ cache: bad, timeout: 20 }, good] : [good, { cache: bad, timeout: 20 }];
    return { cache: new CompositeCache(tiers, { onError: (_e, event) => events.push(event) }), bad };
  }

  describe.each([0, 1] as const)('misbehaving tier %i', (position) => {
    it.each(misbehaviourCases([...OPERATIONS]).map((c) => [c.name, c] as const))('%s: degrades, never throws, never hangs', async (_name, misbehaviour) => {
      const { cache, bad } = build(position);
      await cache.set('seed', 'v');
      misbehaviour.apply(bad);

      await expect(cache.set('a', 1)).resolves.toBeUndefined();
      expect(await outcome(cache.get('a'))).toBe('ok');
      expect(await outcome(cache.get('seed'))).toBe('ok');
      await expect(cache.getOrSet('b', () => 'loaded')).resolves.toBe('loaded');
      expect(await outcome(cache.exists('a'))).toBe('ok');
      const invalidations = [
        await outcome(cache.delete('a')),
        await outcome(cache.deleteMany(['b'])),
        await outcome(cache.deletePattern('s*')),
        await outcome(cache.clear()),
      ];
      invalidations.forEach((result, i) => {
        const broken = misbehaviour.name.startsWith(`${INVALIDATIONS[i]} `);
        expect([INVALIDATIONS[i], result]).toEqual([INVALIDATIONS[i], broken ? 'TierInvalidationError' : 'ok']);
      });

      // Every lease taken from the misbehaving tier is given back, and the composite works again once the tier does.
      await until(() => bad.outstandingLeases === 0);
      bad.behave();
      await cache.set('c', 3);
      await expect(cache.get('c')).resolves.toBe(3);
      await failures.settle();
      expect(failures.take()).toEqual([]);
    });
  });

  it('an invalidation on a tier that never settles rejects with TierInvalidationError after the tier timeout', async () => {
    const { cache, bad } = build(1);
    bad.misbehave('neverSettles', ['deletePattern']);
    const error = await cache.deletePattern('k*').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TierInvalidationError);
    expect((error as TierInvalidationError).failures).toEqual([expect.objectContaining({ tier: 1 })]);
  });

  describe('issue 10 #7 regressions', () => {
    it('issue 10 #7: a tier whose lease() resolves to null does not make getOrSet reject; the other tier is still filled', async () => {
      const { cache, bad } = build(1);
      bad.misbehaveLeases('leaseNull');
      await expect(cache.getOrSet('k', () => 'loaded')).resolves.toBe('loaded');
      expect(cache.stats().tiers[1].failures).toBe(1);
      expect(events).toEqual([expect.objectContaining({ tier: 1, operation: 'lease', subject: 'k' })]);
      await expect(cache.getEntry('k')).resolves.toMatchObject({ value: 'loaded' });
    });

    it('issue 10 #7: a tier lease whose release() throws does not make getOrSet reject, and is counted', async () => {
      const { cache, bad } = build(1);
      bad.misbehaveLeases('releaseThrows');
      await expect(cache.getOrSet('k', () => 'loaded')).resolves.toBe('loaded');
      expect(events.map((e) => e.operation)).toContain('release');
      await failures.settle();
      expect(failures.take()).toEqual([]);
    });
  });
});
