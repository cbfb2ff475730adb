import type { CacheBackend } from '@s3verless/cache';
import { REVOKING } from './lease-contract';

/** How many reads each concurrent reader makes at most while one write or invalidation runs. */
const READS_PER_READER = 200;
const READERS = 6;
const ROUNDS = 15;

/**
 * Reads racing a write or an invalidation of the same key (issue 9, defect 1):
 * once the write or invalidation has resolved, this instance never answers the
 * older value again, whatever the reads that overlapped it did (a tiered cache
 * must not let them copy the older value from a later tier into an earlier one).
 * Called by `describeCacheBackendContract`.
 */
export function describeInvalidationRaceContract(cache: () => CacheBackend): void {
  describe('reads racing a write or an invalidation', () => {
    it.each(REVOKING)('after %s resolves, no overlapping read has left the older value behind', async (_label, run, after) => {
      const c = cache();
      for (let round = 0; round < ROUNDS; round++) {
        await c.set('k', 'old');
        await c.set('other', 'old');
        let done = false;
        const change = run(c).finally(() => {
          done = true;
        });
        const readers = Array.from({ length: READERS }, async () => {
          for (let n = 0; n < READS_PER_READER && !done; n++) await c.get('k');
        });
        await Promise.all([change, ...readers]);
        expect({ round, value: await c.get('k') }).toEqual({ round, value: after });
        expect({ round, value: await c.get('k') }).toEqual({ round, value: after }); // and again, from the earliest tier
      }
    });
  });
}
