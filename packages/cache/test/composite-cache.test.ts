import {
  CompositeCache,
  InMemoryCache,
  InvalidOptionError,
  LRUCache,
  TierInvalidationError,
  type TierErrorEvent,
} from '@s3verless/cache';
import { deferred, FaultyCache, flushMicrotasks, ManualClock } from '@s3verless/cache/testing';

describe('CompositeCache', () => {
  let clock: ManualClock;
  let l1: LRUCache;
  let l2: InMemoryCache;
  let cache: CompositeCache;

  beforeEach(() => {
    clock = new ManualClock();
    l1 = new LRUCache({ clock, maxSize: 100, defaultTtl: 60, cleanupInterval: null });
    l2 = new InMemoryCache({ clock, maxSize: 1000, defaultTtl: 300, cleanupInterval: null });
    cache = new CompositeCache([l1, l2]);
  });
  afterEach(async () => {
    await cache.close();
    jest.useRealTimers();
  });

  describe('Python parity (tests/test_cache.py)', () => {
    it('answers from the first tier', async () => {
      await l1.set('key1', 'value1');
      expect(await cache.get('key1')).toBe('value1');
    });

    it('promotes a lower-tier hit into the earlier tier', async () => {
      await l2.set('key1', 'value1');
      expect(await l1.get('key1')).toBeUndefined();
      expect(await cache.get('key1')).toBe('value1');
      expect(await l1.get('key1')).toBe('value1');
    });

    it('writes to all tiers', async () => {
      await cache.set('key1', 'value1');
      expect(await l1.get('key1')).toBe('value1');
      expect(await l2.get('key1')).toBe('value1');
    });

    it('deletes from all tiers', async () => {
      await cache.set('key1', 'value1');
      expect(await cache.delete('key1')).toBe(true);
      expect(await l1.exists('key1')).toBe(false);
      expect(await l2.exists('key1')).toBe(false);
    });

    it('clears all tiers', async () => {
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2');
      await cache.clear();
      expect(l1.stats().size).toBe(0);
      expect(l2.stats().size).toBe(0);
    });

    it('reports every tier in stats()', async () => {
      expect(cache.stats()).toEqual({
        tiers: [
          expect.objectContaining({ type: 'LRUCache', maxSize: 100, failures: 0 }),
          expect.objectContaining({ type: 'InMemoryCache', maxSize: 1000, failures: 0 }),
        ],
      });
    });
  });

  describe('promotion', () => {
    it('gives the promoted copy the remaining lifetime, never a fresh one', async () => {
      await l2.set('k', 'v', 50);
      clock.advanceSeconds(45);
      await cache.get('k');
      const entry = await l1.getEntry('k');
      expect(entry?.ttl).toBeCloseTo(5, 3);
      clock.advanceSeconds(5);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('caps the promoted lifetime at the earlier tier default ttl', async () => {
      await l2.set('k', 'v', Infinity);
      await cache.get('k');
      expect((await l1.getEntry('k'))?.ttl).toBeCloseTo(60, 3);
    });

    it('waits for a slow lower-tier hit rather than answering a fast miss', async () => {
      jest.useFakeTimers();
      const slow = new FaultyCache(new InMemoryCache({ clock, cleanupInterval: null }));
      const c = new CompositeCache([new LRUCache({ clock, cleanupInterval: null, defaultTtl: 60 }), slow]);
      await slow.inner.set('k', 'found');
      slow.delayBy(2_000, ['getEntry']);
      const pending = c.get('k');
      await jest.advanceTimersByTimeAsync(2_000);
      expect(await pending).toBe('found');
      await c.close();
    });

    /** Starts a composite read of `k` whose L2 read has returned 'old' but is held until `release()`. */
    async function readHeldAfterL2(): Promise<{ c: CompositeCache; read: Promise<unknown>; release: () => void }> {
      const slow = new FaultyCache(l2);
      const c = new CompositeCache([l1, slow]);
      await l2.set('k', 'old');
      const gate = deferred();
      jest.spyOn(slow, 'getEntry').mockImplementationOnce(async (key) => {
        const entry = await l2.getEntry(key);
        await gate.promise;
        return entry;
      });
      const read = c.get('k');
      await flushMicrotasks();
      return { c, read, release: () => gate.resolve() };
    }

    it('does not copy a value upwards when the key was written during the lower-tier read', async () => {
      const { c, read, release } = await readHeldAfterL2();
      await c.set('k', 'new');
      release();
      expect(await read).toBe('old'); // it was read before the write
      expect(await l1.get('k')).toBe('new'); // but not promoted over the newer value
    });

    it('does not copy a value upwards when the key was deleted during the lower-tier read', async () => {
      const { c, read, release } = await readHeldAfterL2();
      await c.deletePattern('k*');
      release();
      await read;
      expect(await l1.exists('k')).toBe(false);
      expect(await c.get('k')).toBeUndefined();
    });
  });

  describe('a failing tier', () => {
    let broken: FaultyCache;
    let events: TierErrorEvent[];
    let c: CompositeCache;

    beforeEach(() => {
      broken = new FaultyCache(new InMemoryCache({ clock, cleanupInterval: null })).failWith(
        new Error('ECONNREFUSED'),
      );
      events = [];
      c = new CompositeCache([l1, broken], { onError: (_e, event) => events.push(event) });
    });

    it('degrades reads to a miss and counts the failure', async () => {
      expect(await c.get('k')).toBeUndefined();
      expect(events).toEqual([{ tier: 1, type: 'FaultyCache', operation: 'get', subject: 'k' }]);
      expect(c.stats().tiers[1].failures).toBe(1);
    });

    it('still answers from a healthy earlier tier', async () => {
      await l1.set('k', 'v');
      expect(await c.get('k')).toBe('v');
      expect(events).toEqual([]);
    });

    it('skips the broken tier on writes, which still reach the healthy tiers', async () => {
      await expect(c.set('k', 'v')).resolves.toBeUndefined();
      expect(await l1.get('k')).toBe('v');
      expect(events.map((e) => e.operation)).toEqual(['set', 'delete']);
    });

    it('getOrSet works through a broken tier', async () => {
      expect(await c.getOrSet('k', () => 'loaded')).toBe('loaded');
      expect(await l1.get('k')).toBe('loaded');
    });

    it('treats a broken tier as "not there" for exists', async () => {
      expect(await c.exists('k')).toBe(false);
    });

    it.each([
      ['delete', (x: CompositeCache) => x.delete('k')],
      ['deleteMany', (x: CompositeCache) => x.deleteMany(['k'])],
      ['deletePattern', (x: CompositeCache) => x.deletePattern('k*')],
      ['clear', (x: CompositeCache) => x.clear()],
    ])('does not lose a %s silently: tries every tier, then throws', async (operation, run) => {
      await l1.set('k', 'v');
      const error = await run(c).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TierInvalidationError);
      expect((error as TierInvalidationError).operation).toBe(operation);
      expect((error as TierInvalidationError).failures.map((f) => f.tier)).toEqual([1]);
      expect((error as TierInvalidationError).errors[0]).toEqual(new Error('ECONNREFUSED'));
      expect(await l1.exists('k')).toBe(false); // the healthy tier was invalidated anyway
    });

    it('uses the tier again once it recovers', async () => {
      await c.get('k');
      broken.heal();
      await c.set('k', 'v');
      expect(await broken.inner.get('k')).toBe('v');
    });

    it('survives an onError hook that throws', async () => {
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const noisy = new CompositeCache([l1, broken], {
        onError: () => {
          throw new Error('hook bug');
        },
      });
      expect(await noisy.get('k')).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('hook bug'), 'S3verlessCacheWarning');
      warn.mockRestore();
    });
  });

  describe('a slow tier with a timeout', () => {
    it('counts a read that exceeds the timeout as a miss, without waiting for it', async () => {
      jest.useFakeTimers();
      const slow = new FaultyCache(new InMemoryCache({ clock, cleanupInterval: null })).delayBy(10_000);
      const events: TierErrorEvent[] = [];
      const c = new CompositeCache([l1, { cache: slow, timeout: 100 }], {
        onError: (_e, event) => events.push(event),
      });
      let settled = false;
      const read = c.get('k').then((v) => {
        settled = true;
        return v;
      });
      await jest.advanceTimersByTimeAsync(99);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(await read).toBeUndefined();
      expect(events).toEqual([expect.objectContaining({ tier: 1, operation: 'get' })]);
    });

    it('rejects an invalidation that timed out on a tier', async () => {
      jest.useFakeTimers();
      const slow = new FaultyCache(new InMemoryCache({ clock, cleanupInterval: null })).delayBy(10_000);
      const c = new CompositeCache([l1, { cache: slow, timeout: 50 }]);
      const result = c.delete('k').catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(50);
      expect(await result).toBeInstanceOf(TierInvalidationError);
    });
  });

  describe('construction', () => {
    it('rejects an empty tier list', () => {
      expect(() => new CompositeCache([])).toThrow(InvalidOptionError);
      expect(() => new CompositeCache([])).toThrow(/at least one tier/);
    });

    it('rejects something that is not a cache, and a bad timeout', () => {
      expect(() => new CompositeCache([{} as never])).toThrow(/tiers\[0\]/);
      expect(() => new CompositeCache([{ cache: l1, timeout: 0 }])).toThrow(/tiers\[0\]\.timeout/);
      expect(() => new CompositeCache([l1], { onErr: () => 0 } as never)).toThrow(/onErr/);
    });

    it('warns when an earlier tier would outlive a later one', () => {
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      new CompositeCache([new LRUCache({ defaultTtl: 600, cleanupInterval: null }), l2]);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining('tier 0 keeps entries longer'),
        expect.objectContaining({ code: 'S3V_TIER_TTL_ORDER' }),
      );
      warn.mockRestore();
    });

    it('deletePattern answers the largest per-tier count', async () => {
      await cache.set('a:1', 1);
      await l2.set('a:2', 2);
      expect(await cache.deletePattern('a:*')).toBe(2);
    });
  });
});
