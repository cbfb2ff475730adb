import { InMemoryCache, InvalidOptionError } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';

describe('InMemoryCache', () => {
  let clock: ManualClock;
  const caches: InMemoryCache[] = [];
  function make(options: ConstructorParameters<typeof InMemoryCache>[0] = {}): InMemoryCache {
    const cache = new InMemoryCache({ clock, ...options });
    caches.push(cache);
    return cache;
  }
  beforeEach(() => {
    clock = new ManualClock();
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.close()));
    jest.useRealTimers();
  });

  describe('Python parity (tests/test_cache.py)', () => {
    it('set/get, missing, delete, clear', async () => {
      const cache = make();
      await cache.set('key1', 'value1');
      expect(await cache.get('key1')).toBe('value1');
      expect(await cache.get('nonexistent')).toBeUndefined();
      await cache.delete('key1');
      expect(await cache.get('key1')).toBeUndefined();
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2');
      await cache.clear();
      expect(await cache.get('key1')).toBeUndefined();
      expect(await cache.get('key2')).toBeUndefined();
    });

    it('expires entries after the default ttl and after a per-call ttl', async () => {
      const cache = make({ defaultTtl: 1 });
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2', 3);
      clock.advance(1_100);
      expect(await cache.get('key1')).toBeUndefined();
      expect(await cache.get('key2')).toBe('value2');
    });

    it('exists', async () => {
      const cache = make();
      await cache.set('key1', 'value1');
      expect(await cache.exists('key1')).toBe(true);
      expect(await cache.exists('nonexistent')).toBe(false);
    });

    it('stats', async () => {
      const cache = make({ maxSize: 100, defaultTtl: 60 });
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2');
      expect(cache.stats()).toMatchObject({ size: 2, maxSize: 100, defaultTtl: 60 });
    });

    it('delete_pattern user:* deletes 2 of 3', async () => {
      const cache = make();
      await cache.set('user:1', 'a');
      await cache.set('user:2', 'b');
      await cache.set('product:1', 'c');
      expect(await cache.deletePattern('user:*')).toBe(2);
      expect(await cache.get('product:1')).toBe('c');
    });

    it('evicts the oldest entry at max size (FIFO)', async () => {
      const cache = make({ maxSize: 3 });
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2');
      await cache.set('key3', 'value3');
      await cache.get('key1'); // a read does not protect a key in FIFO order
      await cache.set('key4', 'value4');
      expect(await cache.get('key1')).toBeUndefined();
      expect(await cache.get('key4')).toBe('value4');
      expect(cache.stats()).toMatchObject({ size: 3, evictions: 1 });
    });
  });

  describe('capacity', () => {
    it('displaces an expired entry before the oldest live one', async () => {
      const cache = make({ maxSize: 3 });
      await cache.set('old-live', 1, 100);
      await cache.set('short', 2, 1);
      await cache.set('newer', 3, 100);
      clock.advanceSeconds(2);
      await cache.set('incoming', 4);
      expect(await cache.get('old-live')).toBe(1);
      expect(await cache.exists('short')).toBe(false);
      expect(cache.stats()).toMatchObject({ size: 3, evictions: 0, expirations: 1 });
    });

    it('never evicts another key when a key is overwritten (Python bug C1)', async () => {
      const cache = make({ maxSize: 2 });
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.set('b', 3);
      expect(await cache.getMany(['a', 'b'])).toEqual(new Map([['a', 1], ['b', 3]]));
    });

    it('keeps an overwritten key at its original place in insertion order', async () => {
      const cache = make({ maxSize: 2 });
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.set('a', 10);
      await cache.set('c', 3);
      expect(await cache.exists('a')).toBe(false);
      expect(await cache.getMany(['b', 'c'])).toEqual(new Map([['b', 2], ['c', 3]]));
    });

    it('treats a re-set expired key as new (goes to the end of the order)', async () => {
      const cache = make({ maxSize: 2 });
      await cache.set('a', 1, 1);
      await cache.set('b', 2, 100);
      clock.advanceSeconds(2);
      await cache.set('a', 'again', 100);
      await cache.set('c', 3, 100);
      expect(await cache.get('a')).toBe('again');
      expect(await cache.exists('b')).toBe(false);
    });

    it('grows without bound when maxSize is null', async () => {
      const cache = make();
      for (let i = 0; i < 5_000; i++) await cache.set(`k${i}`, i);
      expect(cache.stats()).toMatchObject({ size: 5_000, maxSize: null, evictions: 0 });
      expect(await cache.get('k0')).toBe(0);
      expect(await cache.get('k4999')).toBe(4999);
    });
  });

  describe('expiry sweep', () => {
    it('removes expired entries periodically without any write', async () => {
      jest.useFakeTimers();
      const cache = make({ cleanupInterval: 60, defaultTtl: 30 });
      for (let i = 0; i < 100; i++) await cache.set(`k${i}`, i);
      await cache.set('long', 'kept', 600);
      clock.advanceSeconds(31);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(cache.stats().expirations).toBe(100);
      expect(cache.stats().size).toBe(1);
    });

    it('purgeExpired() removes every expired entry and reports how many', async () => {
      const cache = make({ cleanupInterval: null });
      for (let i = 0; i < 25_000; i++) await cache.set(`k${i}`, i, 1 + (i % 5));
      clock.advanceSeconds(3.5);
      expect(await cache.purgeExpired()).toBe(15_000);
      expect(cache.stats().size).toBe(10_000);
    });

    it('stats().size counts live entries only', async () => {
      const cache = make({ cleanupInterval: null });
      await cache.set('a', 1, 0.25);
      await cache.set('b', 1, 0.75);
      await cache.set('c', 1, 10);
      clock.advance(500);
      expect(cache.stats().size).toBe(2);
    });

    it('close() stops the sweep timer', async () => {
      jest.useFakeTimers();
      const cache = make({ cleanupInterval: 1 });
      expect(jest.getTimerCount()).toBe(1);
      await cache.close();
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('options', () => {
    it.each([
      [{ maxSize: 0 }, 'maxSize'],
      [{ maxSize: -5 }, 'maxSize'],
      [{ maxSize: 1.5 }, 'maxSize'],
      [{ maxSize: '10' }, 'maxSize'],
      [{ defaultTtl: 0 }, 'defaultTtl'],
      [{ defaultTtl: -1 }, 'defaultTtl'],
      [{ defaultTtl: NaN }, 'defaultTtl'],
      [{ cleanupInterval: 0 }, 'cleanupInterval'],
      [{ cleanupInterval: Infinity }, 'cleanupInterval'],
      [{ maxsize: 10 }, 'maxsize'],
    ])('rejects %p naming %s', (options, option) => {
      const build = () => new InMemoryCache(options as never);
      expect(build).toThrow(InvalidOptionError);
      expect(build).toThrow(RangeError);
      try {
        build();
      } catch (error) {
        expect((error as InvalidOptionError).option).toBe(option);
        expect((error as Error).message).toMatch(new RegExp(`^${option}: `));
      }
    });

    it('has the guide defaults', () => {
      expect(make().stats()).toMatchObject({ maxSize: null, defaultTtl: 300, size: 0 });
    });
  });
});
