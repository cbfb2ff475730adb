import { InvalidArgumentError, InvalidTtlError, type CacheBackend } from '@s3verless/cache';
import type { ManualClock } from '@s3verless/cache/testing';

/** What the lease contract needs from the surrounding backend contract. */
export interface LeaseContractContext {
  /** The backend under test (fresh for each test). */
  cache(): CacheBackend;
  clock(): ManualClock;
  /**
   * The same store seen from another process, when the harness can build one.
   * A peer may wait for loads in progress elsewhere (Redis with `lock.enabled`);
   * a harness can make such waits endless, so that a reader here that stores
   * nothing and does not let go of its lease makes the peer's tests time out.
   */
  peer?: () => Promise<CacheBackend>;
}

export type Change = [label: string, run: (c: CacheBackend) => Promise<unknown>, after: unknown];

/** Writes and invalidations of `k` that must revoke its lease, and the value `k` must hold afterwards. */
export const REVOKING: Change[] = [
  ['set', (c) => c.set('k', 'new'), 'new'],
  ['delete', (c) => c.delete('k'), undefined],
  ['deleteMany', (c) => c.deleteMany(['other', 'k']), undefined],
  ['deletePattern (matching)', (c) => c.deletePattern('k*'), undefined],
  ['clear', (c) => c.clear(), undefined],
];

/**
 * `lease(key)` (the stale-set protection of `getOrSet` and of the response
 * cache): a fill stores only when no write or invalidation of the key happened
 * since the lease was taken. Called by `describeCacheBackendContract`.
 */
export function describeLeaseContract(ctx: LeaseContractContext): void {
  describe('lease (stale-set protection)', () => {
    it('fill stores the value, resolves true, and honours the ttl', async () => {
      const cache = ctx.cache();
      const lease = await cache.lease('k');
      expect(lease.key).toBe('k');
      expect(lease.valid).toBe(true);
      expect(await lease.fill({ id: 1 }, 10)).toBe(true);
      expect(await cache.get('k')).toEqual({ id: 1 });
      ctx.clock().advanceSeconds(10);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('stays valid through reads and writes of other keys, until a write of its key', async () => {
      const cache = ctx.cache();
      const lease = await cache.lease('k');
      await cache.get('k');
      await cache.exists('k');
      await cache.set('k2', 1);
      await cache.delete('k2');
      expect(lease.valid).toBe(true);
      await cache.set('k', 'new');
      expect(lease.valid).toBe(false);
    });

    it.each(REVOKING)('is revoked by %s: fill resolves false and stores nothing', async (_label, change, after) => {
      const cache = ctx.cache();
      const lease = await cache.lease('k');
      await change(cache);
      expect(lease.valid).toBe(false);
      expect(await lease.fill('old')).toBe(false);
      expect(await cache.get('k')).toEqual(after);
    });

    it('is not revoked by a deletePattern that does not match its key', async () => {
      const cache = ctx.cache();
      await cache.set('other:1', 1);
      const lease = await cache.lease('k');
      expect(await cache.deletePattern('other:*')).toBe(1);
      expect(await cache.deletePattern('k?')).toBe(0);
      expect(lease.valid).toBe(true);
      expect(await lease.fill('v')).toBe(true);
      expect(await cache.get('k')).toBe('v');
    });

    it('cannot fill once released (release is idempotent)', async () => {
      const cache = ctx.cache();
      const lease = await cache.lease('k');
      lease.release();
      lease.release();
      expect(lease.valid).toBe(false);
      expect(await lease.fill('v')).toBe(false);
      expect(await cache.exists('k')).toBe(false);
    });

    it('gives every reader of a key the same validity', async () => {
      const cache = ctx.cache();
      const a = await cache.lease('k');
      const b = await cache.lease('k');
      expect([a.valid, b.valid]).toEqual([true, true]);
      await cache.set('k', 'new');
      expect([a.valid, b.valid]).toEqual([false, false]);
      expect(await a.fill('old-a')).toBe(false);
      expect(await b.fill('old-b')).toBe(false);
      expect(await cache.get('k')).toBe('new');
    });

    it('lets a second reader fill after the first released its lease', async () => {
      const cache = ctx.cache();
      const a = await cache.lease('k');
      const b = await cache.lease('k');
      a.release();
      expect(b.valid).toBe(true);
      expect(await b.fill('v')).toBe(true);
      expect(await cache.get('k')).toBe('v');
    });

    it('does not hold up a later loader or reader once released without a fill', async () => {
      const cache = ctx.cache();
      (await cache.lease('k')).release();
      expect(await cache.getOrSet('k', () => 'loaded')).toBe('loaded');
      expect(await cache.get('k')).toBe('loaded');
      await cache.delete('k');
      (await cache.lease('k')).release();
      const later = await cache.lease('k');
      expect(later.valid).toBe(true);
      expect(await later.fill('filled')).toBe(true);
      expect(await cache.get('k')).toBe('filled');
    });

    it.each([
      ['undefined as a value', undefined, undefined, InvalidArgumentError],
      ['a ttl of 0', 'v', 0, InvalidTtlError],
      ['a negative ttl', 'v', -1, InvalidTtlError],
      ['a ttl that is not a number', 'v', '10', InvalidArgumentError],
    ])('fill validates like set (%s) and still releases the lease', async (_label, value, ttl, errorClass) => {
      const cache = ctx.cache();
      const lease = await cache.lease('k');
      await expect(lease.fill(value, ttl as number)).rejects.toBeInstanceOf(errorClass);
      expect(lease.valid).toBe(false);
      expect(await lease.fill('v')).toBe(false);
      expect(await cache.exists('k')).toBe(false);
    });

    it('rejects a key that is not a string', async () => {
      await expect(ctx.cache().lease(7 as unknown as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    });

    const { peer } = ctx;
    if (peer !== undefined) {
      describe('seen from another process (peer)', () => {
        it.each(REVOKING)('is revoked by a %s made through the peer', async (_label, change, after) => {
          const cache = ctx.cache();
          const other = await peer();
          const lease = await cache.lease('k');
          await change(other);
          expect(await lease.fill('old')).toBe(false);
          expect(await cache.get('k')).toEqual(after);
          expect(await other.get('k')).toEqual(after);
        });

        it('lets the peer see a value filled here', async () => {
          const cache = ctx.cache();
          const other = await peer();
          const lease = await cache.lease('k');
          expect(await lease.fill('v')).toBe(true);
          expect(await other.get('k')).toBe('v');
        });

        /** Ways a reader here ends without storing: none of them may hold up the peer. */
        const STORING_NOTHING: Array<[string, (c: CacheBackend) => Promise<unknown>]> = [
          ['a lease released without a fill', async (c) => (await c.lease('k')).release()],
          ['a getOrSet whose loader returned undefined', (c) => c.getOrSet('k', () => undefined)],
          ['a getOrSet whose loader threw', (c) => c.getOrSet('k', () => Promise.reject(new Error('source down'))).catch(() => undefined)],
        ];

        it.each(STORING_NOTHING)('is not held up by %s here: its getOrSet loads and its lease fills', async (_label, storeNothing) => {
          const cache = ctx.cache();
          const other = await peer();
          await storeNothing(cache);
          expect(await other.getOrSet('k', () => 'loaded by the peer')).toBe('loaded by the peer');
          expect(await cache.get('k')).toBe('loaded by the peer');
          await other.delete('k');
          await storeNothing(cache);
          const lease = await other.lease('k');
          expect(lease.valid).toBe(true);
          expect(await lease.fill('filled by the peer')).toBe(true);
          expect(await cache.get('k')).toBe('filled by the peer');
        });

        it('is not revoked by a peer write of another key', async () => {
          const cache = ctx.cache();
          const other = await peer();
          const lease = await cache.lease('k');
          await other.set('k2', 1);
          await other.deletePattern('k?');
          expect(await lease.fill('v')).toBe(true);
          expect(await cache.get('k')).toBe('v');
        });
      });
    }
  });
}
