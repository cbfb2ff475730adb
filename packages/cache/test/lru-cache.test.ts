import { InvalidOptionError, LRUCache } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';

describe('LRUCache', () => {
  let clock: ManualClock;
  const caches: LRUCache[] = [];
  function make(options: ConstructorParameters<typeof LRUCache>[0] = {}): LRUCache {
    const cache = new LRUCache({ clock, cleanupInterval: null, ...options });
    caches.push(cache);
    return cache;
  }
  beforeEach(() => {
    clock = new ManualClock();
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.close()));
  });

  describe('Python parity (tests/test_cache.py)', () => {
    it('evicts the least recently used entry after a get', async () => {
      const cache = make({ maxSize: 3 });
      await cache.set('key1', 'value1');
      await cache.set('key2', 'value2');
      await cache.set('key3', 'value3');
      await cache.get('key1');
      await cache.set('key4', 'value4');
      expect(await cache.get('key1')).toBe('value1');
      expect(await cache.get('key2')).toBeUndefined();
      expect(await cache.get('key3')).toBe('value3');
      expect(await cache.get('key4')).toBe('value4');
    });

    it('updates access order on every hit', async () => {
      const cache = make({ maxSize: 3 });
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.set('c', 3);
      await cache.get('a');
      await cache.get('b');
      await cache.set('d', 4);
      expect(await cache.exists('c')).toBe(false);
      expect(await cache.exists('a')).toBe(true);
      expect(await cache.exists('b')).toBe(true);
    });

    it('counts hits and misses', async () => {
      const cache = make();
      await cache.set('key1', 'value1');
      await cache.get('key1');
      await cache.get('key1');
      await cache.get('nonexistent');
      expect(cache.stats()).toMatchObject({ hits: 2, misses: 1 });
      expect(cache.stats().hitRate).toBeCloseTo(2 / 3);
    });
  });

  it('a set makes the key most recent; exists does not', async () => {
    const cache = make({ maxSize: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('a', 10); // a is now newer than b
    await cache.exists('b'); // does not refresh b
    await cache.set('c', 3);
    expect(await cache.exists('b')).toBe(false);
    expect(await cache.get('a')).toBe(10);
  });

  it('prefers an expired entry over the least recently used live one', async () => {
    const cache = make({ maxSize: 3 });
    await cache.set('lru', 1, 100);
    await cache.set('expiring', 2, 1);
    await cache.set('recent', 3, 100);
    clock.advanceSeconds(1);
    await cache.set('new', 4);
    expect(await cache.get('lru')).toBe(1);
    expect(cache.stats()).toMatchObject({ size: 3, evictions: 0, expirations: 1 });
  });

  it('stays within maxSize under churn and evicts in LRU order', async () => {
    const cache = make({ maxSize: 100 });
    for (let i = 0; i < 1_000; i++) await cache.set(`k${i}`, i);
    expect(cache.stats()).toMatchObject({ size: 100, evictions: 900 });
    expect(await cache.exists('k899')).toBe(false);
    expect(await cache.exists('k900')).toBe(true);
  });

  it('stats: hitRate is 0 before any lookup; exists is neither hit nor miss; clear resets', async () => {
    const cache = make({ maxSize: 10, defaultTtl: 60 });
    expect(cache.stats()).toEqual({
      size: 0, maxSize: 10, defaultTtl: 60, hits: 0, misses: 0, hitRate: 0, evictions: 0, expirations: 0,
    });
    await cache.set('a', 1);
    await cache.exists('a');
    await cache.exists('zzz');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0 });
    await cache.get('a');
    await cache.get('b');
    await cache.clear();
    expect(cache.stats()).toMatchObject({ size: 0, hits: 0, misses: 0, hitRate: 0 });
  });

  it('an expired hit counts as a miss', async () => {
    const cache = make();
    await cache.set('a', 1, 1);
    clock.advanceSeconds(1);
    await cache.get('a');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, expirations: 1 });
  });

  it('reuses slots after deletes (bounded memory under churn)', async () => {
    const cache = make({ maxSize: 50 });
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) await cache.set(`r${round}:${i}`, i);
      expect(await cache.deletePattern(`r${round}:*`)).toBe(50);
    }
    expect(cache.stats()).toMatchObject({ size: 0, evictions: 0 });
  });

  describe('options', () => {
    it.each([
      [{ maxSize: 0 }, 'maxSize'],
      [{ maxSize: null }, 'maxSize'],
      [{ maxSize: 2.5 }, 'maxSize'],
      [{ maxSize: Infinity }, 'maxSize'],
      [{ defaultTtl: -3 }, 'defaultTtl'],
      [{ defaultTtl: '300' }, 'defaultTtl'],
      [{ ttl: 3 }, 'ttl'],
    ])('rejects %p naming %s', (options, option) => {
      expect(() => new LRUCache(options as never)).toThrow(InvalidOptionError);
      expect(() => new LRUCache(options as never)).toThrow(new RegExp(`^${option}: `));
    });

    it('has the guide defaults', () => {
      expect(make().stats()).toMatchObject({ maxSize: 1000, defaultTtl: 300 });
    });
  });
});
