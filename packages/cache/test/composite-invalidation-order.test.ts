import { type CacheBackend, CompositeCache, InMemoryCache, LRUCache } from '@s3verless/cache';
import { deferred, FaultyCache, flushMicrotasks, ManualClock } from '@s3verless/cache/testing';

/**
 * Issue 9, defect 1: an invalidation (or a write) of a tiered cache must leave
 * no window in which a concurrent read copies the older value out of a later
 * tier into an earlier one, where it would outlive the invalidation.
 */
describe('CompositeCache: writes and invalidations race reads that promote', () => {
  let clock: ManualClock;
  let l1: LRUCache;
  let l2: InMemoryCache;

  beforeEach(() => {
    clock = new ManualClock();
    l1 = new LRUCache({ clock, maxSize: 100, defaultTtl: 60, cleanupInterval: null });
    l2 = new InMemoryCache({ clock, maxSize: 1000, defaultTtl: 300, cleanupInterval: null });
  });

  /** Makes the next `operation` of `tier` wait for `gate` before it runs. */
  function hold<K extends keyof CacheBackend>(tier: FaultyCache, operation: K): { release: () => void } {
    const gate = deferred();
    const inner = tier.inner[operation] as (...args: unknown[]) => Promise<unknown>;
    jest.spyOn(tier, operation).mockImplementationOnce((async (...args: unknown[]) => {
      await gate.promise;
      return inner.apply(tier.inner, args);
    }) as never);
    return { release: () => gate.resolve() };
  }

  it.each([
    ['delete', (c: CompositeCache) => c.delete('k'), undefined],
    ['deleteMany', (c: CompositeCache) => c.deleteMany(['k', 'other']), undefined],
    ['deletePattern', (c: CompositeCache) => c.deletePattern('k*'), undefined],
    ['clear', (c: CompositeCache) => c.clear(), undefined],
    ['set', (c: CompositeCache) => c.set('k', 'new'), 'new'],
  ] as const)(
    'a read during a slow %s in the later tier leaves nothing older behind in the earlier tier',
    async (operation, run, after) => {
      const slow = new FaultyCache(l2);
      const c = new CompositeCache([l1, slow]);
      await l2.set('k', 'old'); // L1 does not hold it (evicted, or never read here)
      const held = hold(slow, operation);
      const invalidation = run(c);
      await flushMicrotasks();
      // The read misses L1, finds the old value in L2 (not yet changed) and copies it upwards.
      expect(await c.get('k')).toBe('old'); // allowed: the write has not finished
      held.release();
      await invalidation;
      expect(await l1.get('k')).toBe(after);
      expect(await c.get('k')).toBe(after);
      await c.close();
    },
  );

  it('a copy stored in an asynchronous earlier tier after an invalidation reached it is removed again', async () => {
    const slowL1 = new FaultyCache(l1);
    const c = new CompositeCache([slowL1, l2]);
    await l2.set('k', 'old');
    const held = hold(slowL1, 'set'); // the promotion's store into L1 is late
    const read = c.get('k');
    await flushMicrotasks();
    await c.delete('k'); // L2, then L1 (before the late copy lands)
    held.release();
    expect(await read).toBe('old');
    expect(await l1.get('k')).toBeUndefined();
    expect(await c.get('k')).toBeUndefined();
    await c.close();
  });

  it('changes the last tier first and the first tier last', async () => {
    const order: string[] = [];
    const track = (name: string, tier: CacheBackend): FaultyCache => {
      const wrapped = new FaultyCache(tier);
      for (const op of ['set', 'delete', 'deletePattern', 'deleteMany', 'clear'] as const) {
        const inner = wrapped.inner[op] as (...args: unknown[]) => Promise<unknown>;
        jest.spyOn(wrapped, op).mockImplementation((async (...args: unknown[]) => {
          order.push(`${op}:${name}`);
          return inner.apply(wrapped.inner, args);
        }) as never);
      }
      return wrapped;
    };
    const c = new CompositeCache([track('L1', l1), track('L2', l2), track('L3', new InMemoryCache({ clock, cleanupInterval: null }))]);
    await c.set('k', 1);
    await c.delete('k');
    await c.deletePattern('k*');
    await c.clear();
    expect(order).toEqual([
      'set:L3', 'set:L2', 'set:L1',
      'delete:L3', 'delete:L2', 'delete:L1',
      'deletePattern:L3', 'deletePattern:L2', 'deletePattern:L1',
      'clear:L3', 'clear:L2', 'clear:L1',
    ]);
    await c.close();
  });
});
