import { InvalidArgumentError, InvalidTtlError, type CacheBackend } from '@s3verless/cache';
import { ManualClock, deferred, flushMicrotasks } from '@s3verless/cache/testing';
import { describeInvalidationRaceContract } from './invalidation-race-contract';
import { describeLeaseContract } from './lease-contract';

/** How the contract suite builds a backend under test. */
export interface ContractHarness {
  /**
   * A fresh, empty backend whose expiry follows `clock`, whose default ttl is
   * `defaultTtl` seconds (`null`: never expire), and which holds at least 1,000 entries.
   */
  create(options: { clock: ManualClock; defaultTtl: number | null }): CacheBackend | Promise<CacheBackend>;
  /**
   * Optional: the same store as `backend`, seen from another process (another
   * client of the same Redis, another instance on the same bus). When present,
   * the lease contract also checks that writes made through it revoke leases,
   * and that a reader here that stores nothing does not hold it up (build it
   * so that it would wait forever for a lease left behind, if it can wait).
   */
  peer?(backend: CacheBackend): CacheBackend | Promise<CacheBackend>;
}

/**
 * The behaviour every backend must show (SPEC 1.1). Each backend's test file
 * calls this once; a new backend plugs in with a harness.
 */
export function describeCacheBackendContract(name: string, harness: ContractHarness): void {
  describe(`${name} — CacheBackend contract`, () => {
    let clock: ManualClock;
    let cache: CacheBackend;
    const open: CacheBackend[] = [];

    async function make(defaultTtl: number | null = 300): Promise<CacheBackend> {
      const backend = await harness.create({ clock, defaultTtl });
      open.push(backend);
      return backend;
    }

    beforeEach(async () => {
      clock = new ManualClock();
      cache = await make();
    });

    afterEach(async () => {
      await Promise.all(open.splice(0).map((b) => b.close()));
    });

    describe('values', () => {
      it.each([
        ['null', null],
        ['zero', 0],
        ['empty string', ''],
        ['false', false],
        ['empty array', []],
        ['empty object', {}],
        ['negative float', -12.5],
        ['unicode string', 'Crème brûlée 🍮 — 東京'],
        ['nested object', { a: [1, { b: null, c: [true, false] }], d: { e: { f: 'g' } } }],
      ])('round-trips %s', async (_label, value) => {
        await cache.set('k', value);
        expect(await cache.get('k')).toEqual(value);
        expect(await cache.exists('k')).toBe(true);
      });

      it('answers undefined for a missing key', async () => {
        expect(await cache.get('missing')).toBeUndefined();
        expect(await cache.exists('missing')).toBe(false);
      });

      it('rejects undefined as a value and stores nothing', async () => {
        await expect(cache.set('k', undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(cache.set('k', undefined)).rejects.toBeInstanceOf(TypeError);
        expect(await cache.exists('k')).toBe(false);
      });

      it('rejects a key that is not a string', async () => {
        await expect(cache.get(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
        await expect(cache.set(null as unknown as string, 1)).rejects.toBeInstanceOf(TypeError);
      });

      it('keeps keys with unusual characters apart', async () => {
        const keys = ['', ' ', 'a b', 'ключ', '🔑', 'a\nb', 'a:b:c', 'A:B:C'];
        for (const [i, key] of keys.entries()) await cache.set(key, i);
        for (const [i, key] of keys.entries()) expect(await cache.get(key)).toBe(i);
      });

      it('overwrites a key with the newest value', async () => {
        await cache.set('k', 'old');
        await cache.set('k', 'new');
        expect(await cache.get('k')).toBe('new');
      });
    });

    describe('ttl', () => {
      it('applies the default ttl when none is given', async () => {
        const c = await make(10);
        await c.set('k', 'v');
        clock.advance(9_999);
        expect(await c.get('k')).toBe('v');
        clock.advance(1);
        expect(await c.get('k')).toBeUndefined();
      });

      it('treats a null ttl as the default', async () => {
        const c = await make(10);
        await c.set('k', 'v', null);
        clock.advanceSeconds(10);
        expect(await c.get('k')).toBeUndefined();
      });

      it('honours an explicit ttl over the default, fractions included', async () => {
        await cache.set('short', 1, 2);
        await cache.set('half', 1, 0.5);
        clock.advance(499);
        expect(await cache.get('half')).toBe(1);
        clock.advance(1);
        expect(await cache.get('half')).toBeUndefined();
        clock.advance(1_499);
        expect(await cache.get('short')).toBe(1);
        clock.advance(1);
        expect(await cache.get('short')).toBeUndefined();
      });

      it('never expires an entry written with ttl Infinity', async () => {
        await cache.set('k', 'v', Infinity);
        clock.advanceSeconds(10 * 365 * 24 * 3600);
        expect(await cache.get('k')).toBe('v');
      });

      it('never expires entries when defaultTtl is null', async () => {
        const c = await make(null);
        await c.set('k', 'v');
        clock.advanceSeconds(10 * 365 * 24 * 3600);
        expect(await c.get('k')).toBe('v');
        expect(c.stats().defaultTtl ?? null).toBeNull();
      });

      it.each([0, -1, NaN, -Infinity])('rejects ttl %p with a RangeError and stores nothing', async (ttl) => {
        await expect(cache.set('k', 'v', ttl)).rejects.toBeInstanceOf(InvalidTtlError);
        await expect(cache.set('k', 'v', ttl)).rejects.toBeInstanceOf(RangeError);
        expect(await cache.exists('k')).toBe(false);
      });

      it.each(['10', true, {}])('rejects a non-number ttl %p with a TypeError', async (ttl) => {
        await expect(cache.set('k', 'v', ttl as unknown as number)).rejects.toBeInstanceOf(TypeError);
        expect(await cache.exists('k')).toBe(false);
      });

      it('drops an expired entry on read and reports it absent everywhere', async () => {
        await cache.set('k', 'v', 1);
        clock.advanceSeconds(1);
        expect(await cache.exists('k')).toBe(false);
        expect(await cache.get('k')).toBeUndefined();
        expect(await cache.delete('k')).toBe(false);
        expect(await cache.getEntry('k')).toBeUndefined();
      });

      it('restarts the lifetime when a key is overwritten', async () => {
        await cache.set('k', 'v1', 2);
        clock.advanceSeconds(1.5);
        await cache.set('k', 'v2', 2);
        clock.advanceSeconds(1.5);
        expect(await cache.get('k')).toBe('v2');
      });

      it('reports the remaining lifetime through getEntry', async () => {
        await cache.set('k', 'v', 10);
        clock.advanceSeconds(4);
        const entry = await cache.getEntry('k');
        expect(entry?.value).toBe('v');
        expect(entry?.ttl).toBeCloseTo(6, 1);
        await cache.set('forever', 'v', Infinity);
        expect((await cache.getEntry('forever'))?.ttl).toBe(Infinity);
        expect(await cache.getEntry('missing')).toBeUndefined();
      });
    });

    describe('exists and delete', () => {
      it('exists is true for a live entry, false for missing', async () => {
        await cache.set('k', false);
        expect(await cache.exists('k')).toBe(true);
        expect(await cache.exists('other')).toBe(false);
      });

      it('delete answers whether a live entry was removed', async () => {
        await cache.set('k', 0);
        expect(await cache.delete('k')).toBe(true);
        expect(await cache.delete('k')).toBe(false);
        expect(await cache.get('k')).toBeUndefined();
        expect(await cache.delete('never-set')).toBe(false);
      });
    });

    describe('deletePattern (fnmatch globs)', () => {
      async function seed(keys: string[]): Promise<void> {
        for (const key of keys) await cache.set(key, key);
      }
      async function remaining(keys: string[]): Promise<string[]> {
        const left: string[] = [];
        for (const key of keys) if (await cache.exists(key)) left.push(key);
        return left;
      }

      it('deletes 2 of 3 with user:* (the Python suite case)', async () => {
        await seed(['user:1', 'user:2', 'session:1']);
        expect(await cache.deletePattern('user:*')).toBe(2);
        expect(await remaining(['user:1', 'user:2', 'session:1'])).toEqual(['session:1']);
      });

      it('lets * run across ":"', async () => {
        const keys = ['s3v:list:Product:abc', 's3v:model:Product:1', 's3v:model:Order:1'];
        await seed(keys);
        expect(await cache.deletePattern('s3v:*:Product:*')).toBe(2);
        expect(await remaining(keys)).toEqual(['s3v:model:Order:1']);
      });

      it('matches exactly one character with ?', async () => {
        const keys = ['user:1', 'user:22', 'user:', 'user:a:b'];
        await seed(keys);
        expect(await cache.deletePattern('user:?')).toBe(1);
        expect(await remaining(keys)).toEqual(['user:22', 'user:', 'user:a:b']);
      });

      it('supports [abc] and [!abc] sets and ranges', async () => {
        const keys = ['k:a', 'k:b', 'k:c', 'k:d', 'k:1'];
        await seed(keys);
        expect(await cache.deletePattern('k:[ab]')).toBe(2);
        expect(await cache.deletePattern('k:[!c]')).toBe(2);
        expect(await remaining(keys)).toEqual(['k:c']);
        await seed(['r:a', 'r:m', 'r:z']);
        expect(await cache.deletePattern('r:[a-m]')).toBe(2);
        expect(await remaining(['r:a', 'r:m', 'r:z'])).toEqual(['r:z']);
      });

      it('matches the whole key, not a part of it', async () => {
        const keys = ['user:1', 'xuser:1', 'user:10'];
        await seed(keys);
        expect(await cache.deletePattern('user')).toBe(0);
        expect(await cache.deletePattern(':1')).toBe(0);
        expect(await cache.deletePattern('user:1')).toBe(1);
        expect(await remaining(keys)).toEqual(['xuser:1', 'user:10']);
      });

      it('takes regex metacharacters in keys literally', async () => {
        const keys = ['a.b', 'axb', 'a+b', 'aab', 'a(b', 'a(b)', 'a^b$', 'a|b', 'a\\b', '{a}'];
        await seed(keys);
        expect(await cache.deletePattern('a.b')).toBe(1);
        expect(await cache.deletePattern('a+b')).toBe(1);
        expect(await cache.deletePattern('a(b')).toBe(1);
        expect(await cache.deletePattern('a^b$')).toBe(1);
        expect(await cache.deletePattern('a|b')).toBe(1);
        expect(await cache.deletePattern('a\\b')).toBe(1);
        expect(await cache.deletePattern('{a}')).toBe(1);
        expect(await remaining(keys)).toEqual(['axb', 'aab', 'a(b)']);
      });

      it('is case-sensitive', async () => {
        await seed(['User:1', 'user:1']);
        expect(await cache.deletePattern('user:*')).toBe(1);
        expect(await cache.exists('User:1')).toBe(true);
      });

      it('counts only live entries and leaves non-matching ones alone', async () => {
        await cache.set('p:live', 1);
        await cache.set('p:expired', 1, 1);
        await cache.set('q:other', 1);
        clock.advanceSeconds(2);
        expect(await cache.deletePattern('p:*')).toBe(1);
        expect(await cache.get('q:other')).toBe(1);
      });

      it('deletes everything with *', async () => {
        await seed(['a', 'b:c', '']);
        expect(await cache.deletePattern('*')).toBe(3);
        expect(await remaining(['a', 'b:c', ''])).toEqual([]);
      });
    });

    describe('clear', () => {
      it('removes every entry', async () => {
        for (let i = 0; i < 50; i++) await cache.set(`k:${i}`, i);
        await cache.clear();
        for (let i = 0; i < 50; i++) expect(await cache.exists(`k:${i}`)).toBe(false);
        await cache.set('after', 1);
        expect(await cache.get('after')).toBe(1);
      });
    });

    describe('batch calls', () => {
      it('getMany returns a Map of the hits only', async () => {
        await cache.setMany([['a', 1], ['b', null], ['c', 0]]);
        const hits = await cache.getMany(['a', 'b', 'c', 'missing']);
        expect(hits).toEqual(new Map<string, unknown>([['a', 1], ['b', null], ['c', 0]]));
      });

      it('setMany takes pairs or a plain object, with one ttl', async () => {
        await cache.setMany({ x: 'X', y: 'Y' }, 5);
        await cache.setMany(new Map([['z', 'Z']]));
        clock.advanceSeconds(5);
        expect(await cache.getMany(['x', 'y', 'z'])).toEqual(new Map([['z', 'Z']]));
      });

      it('setMany validates every entry before writing any', async () => {
        await expect(cache.setMany([['ok', 1], ['bad', undefined]])).rejects.toBeInstanceOf(TypeError);
        await expect(cache.setMany([['ok', 1]], 0)).rejects.toBeInstanceOf(RangeError);
        expect(await cache.exists('ok')).toBe(false);
      });

      it('deleteMany answers the number of live entries removed', async () => {
        await cache.setMany([['a', 1], ['b', 2], ['c', 3]]);
        expect(await cache.deleteMany(['a', 'b', 'missing'])).toBe(2);
        expect(await cache.getMany(['a', 'b', 'c'])).toEqual(new Map([['c', 3]]));
      });
    });

    describe('getOrSet', () => {
      it('loads and stores on a miss, answers from the cache on a hit', async () => {
        const loader = jest.fn(async () => ({ id: 1 }));
        expect(await cache.getOrSet('k', loader)).toEqual({ id: 1 });
        expect(await cache.getOrSet('k', loader)).toEqual({ id: 1 });
        expect(loader).toHaveBeenCalledTimes(1);
      });

      it('caches falsy results such as 0 and null', async () => {
        const loader = jest.fn(() => 0);
        await cache.getOrSet('zero', loader);
        expect(await cache.getOrSet('zero', loader)).toBe(0);
        expect(loader).toHaveBeenCalledTimes(1);
      });

      it('uses the given ttl', async () => {
        await cache.getOrSet('k', () => 'v', 1);
        clock.advanceSeconds(1);
        expect(await cache.get('k')).toBeUndefined();
      });

      it('runs the loader once for N concurrent callers (single-flight)', async () => {
        const gate = deferred<string>();
        const loader = jest.fn(() => gate.promise);
        const callers = Array.from({ length: 25 }, () => cache.getOrSet('k', loader));
        await flushMicrotasks();
        gate.resolve('loaded');
        expect(await Promise.all(callers)).toEqual(Array(25).fill('loaded'));
        expect(loader).toHaveBeenCalledTimes(1);
        expect(await cache.get('k')).toBe('loaded');
      });

      it('gives a loader error to every waiter and caches nothing', async () => {
        const gate = deferred<string>();
        const loader = jest.fn(() => gate.promise);
        const callers = Array.from({ length: 5 }, () => cache.getOrSet('k', loader));
        await flushMicrotasks();
        gate.reject(new Error('S3 down'));
        const results = await Promise.allSettled(callers);
        expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'S3 down')).toBe(true);
        expect(loader).toHaveBeenCalledTimes(1);
        expect(await cache.exists('k')).toBe(false);
        expect(await cache.getOrSet('k', () => 'second try')).toBe('second try');
      });

      it('returns undefined from the loader without caching it', async () => {
        const loader = jest.fn(() => undefined);
        expect(await cache.getOrSet('k', loader)).toBeUndefined();
        expect(await cache.getOrSet('k', loader)).toBeUndefined();
        expect(loader).toHaveBeenCalledTimes(2);
      });

      it('does not store a result read before a delete of the key (stale set)', async () => {
        const gate = deferred<string>();
        const pending = cache.getOrSet('k', () => gate.promise);
        await flushMicrotasks();
        expect(await cache.delete('k')).toBe(false);
        gate.resolve('old');
        expect(await pending).toBe('old');
        expect(await cache.exists('k')).toBe(false);
      });

      it('does not overwrite a newer set with an older loader result', async () => {
        const gate = deferred<string>();
        const pending = cache.getOrSet('k', () => gate.promise);
        await flushMicrotasks();
        await cache.set('k', 'new');
        gate.resolve('old');
        await pending;
        expect(await cache.get('k')).toBe('new');
      });

      it('does not store after a matching deletePattern or a clear', async () => {
        const a = deferred<string>();
        const b = deferred<string>();
        const pa = cache.getOrSet('list:1', () => a.promise);
        const pb = cache.getOrSet('list:2', () => b.promise);
        await flushMicrotasks();
        await cache.deletePattern('list:1');
        await cache.clear();
        a.resolve('old');
        b.resolve('old');
        await Promise.all([pa, pb]);
        expect(await cache.getMany(['list:1', 'list:2'])).toEqual(new Map());
      });

      it('starts a new load for callers that arrive after an invalidation', async () => {
        const first = deferred<string>();
        const p1 = cache.getOrSet('k', () => first.promise);
        await flushMicrotasks();
        await cache.delete('k');
        const p2 = cache.getOrSet('k', () => 'fresh');
        expect(await p2).toBe('fresh');
        first.resolve('old');
        expect(await p1).toBe('old');
        expect(await cache.get('k')).toBe('fresh');
      });

      it('rejects an invalid ttl before calling the loader', async () => {
        const loader = jest.fn(() => 'v');
        await expect(cache.getOrSet('k', loader, 0)).rejects.toBeInstanceOf(RangeError);
        expect(loader).not.toHaveBeenCalled();
      });
    });

    describeLeaseContract({
      cache: () => cache,
      clock: () => clock,
      peer: harness.peer && (async () => {
        const other = await harness.peer!(cache);
        open.push(other);
        return other;
      }),
    });

    describeInvalidationRaceContract(() => cache);

    describe('stats and close', () => {
      it('stats() is a plain JSON-safe object', async () => {
        await cache.set('a', 1);
        await cache.get('a');
        const stats = cache.stats();
        expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
      });

      it('close() is idempotent', async () => {
        const c = await make();
        await c.close();
        await expect(c.close()).resolves.toBeUndefined();
      });
    });
  });
}
