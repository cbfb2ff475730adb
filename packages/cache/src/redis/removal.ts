import type { Redis } from 'ioredis';
import type { Clock } from '../clock';
import type { GlobMatcher } from '../glob';
import { BATCH, chunks } from './batch';
import type { RedisGuard } from './guard';
import type { Keyspace } from './keyspace';
import { globToRedisMatch } from './redis-glob';
import { scanInBatches } from './scan';
import type { ScriptCommands } from './scripts';

/** What a {@link RedisRemover} needs from its cache. */
export interface RemoverContext {
  readonly redis: Redis & ScriptCommands;
  readonly guard: RedisGuard;
  readonly keys: Keyspace;
  readonly clock: Clock;
  readonly scanCount: number;
}

/**
 * The invalidations of `RedisCache` on the Redis side: entries go together
 * with their leases, so that no fill begun before an invalidation can store
 * after it. Local leases are the cache's business.
 */
export class RedisRemover {
  constructor(private readonly ctx: RemoverContext) {}

  /** Deletes entries and their leases, one script call per {@link BATCH} keys; resolves to the number of live entries removed. */
  async deleteKeys(operation: string, keys: readonly string[]): Promise<number> {
    const { redis, guard, keys: space, clock } = this.ctx;
    let removed = 0;
    for (const part of chunks(keys, BATCH)) {
      removed += await guard.run(operation, part.length === 1 ? part[0] : undefined, () =>
        redis.s3vCacheDelete(
          2 * part.length,
          ...part.map((key) => space.dataKey(key)),
          ...part.map((key) => space.leaseKey(key)),
          String(clock.now()),
          String(part.length),
        ),
      );
    }
    return removed;
  }

  /**
   * Deletes the entries (and leases) whose key the glob matches, walking the
   * prefix with SCAN: the leases first, then the entries, so that a fill that
   * slipped in before its lease was deleted is still caught by the entry scan.
   * Every key SCAN returns is checked with `matcher`. Resolves to the number of
   * live entries removed.
   */
  async deleteMatching(pattern: string, matcher: GlobMatcher): Promise<number> {
    const { redis, guard, keys, clock, scanCount } = this.ctx;
    const match = globToRedisMatch(pattern);
    if (match.matchesNothing) return 0;
    await this.unlinkScanned('deletePattern', pattern, keys.leaseMatch(match.pattern), (k) => matcher.test(keys.keyOfLease(k)));
    let removed = 0;
    await scanInBatches(redis, guard, {
      operation: 'deletePattern',
      subject: pattern,
      match: keys.dataMatch(match.pattern),
      count: scanCount,
      accept: (k) => matcher.test(keys.keyOfData(k)),
      batch: async (found) => {
        removed += await guard.run('deletePattern', pattern, () =>
          redis.s3vCacheDelete(found.length, ...found, String(clock.now()), String(found.length)),
        );
      },
    });
    return removed;
  }

  /** Deletes every lease, then every entry, under the prefix. */
  async clear(): Promise<void> {
    await this.unlinkScanned('clear', undefined, this.ctx.keys.leaseMatch('*'), () => true);
    await this.unlinkScanned('clear', undefined, this.ctx.keys.dataMatch('*'), () => true);
  }

  /** SCANs `match` and UNLINKs the accepted keys, batch by batch. */
  private unlinkScanned(operation: string, subject: string | undefined, match: string | Buffer, accept: (key: Buffer) => boolean): Promise<void> {
    const { redis, guard, scanCount } = this.ctx;
    return scanInBatches(redis, guard, {
      operation,
      subject,
      match,
      count: scanCount,
      accept,
      batch: async (found) => {
        await guard.run(operation, subject, () => redis.unlink(...found));
      },
    });
  }
}
