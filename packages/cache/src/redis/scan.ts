import type { Redis } from 'ioredis';
import type { RedisGuard } from './guard';

/** What {@link scanInBatches} needs to know. */
export interface ScanJob {
  /** The cache operation, for errors and `onError` (`deletePattern`, `clear`). */
  readonly operation: string;
  readonly subject?: string;
  /** The `SCAN MATCH` pattern. */
  readonly match: string | Buffer;
  /** The `COUNT` hint. */
  readonly count: number;
  /** Keeps the keys to hand to `batch` (SCAN's MATCH may be wider than the glob). */
  readonly accept: (key: Buffer) => boolean;
  /** Handles the accepted keys of one SCAN reply (for example, deletes them). */
  readonly batch: (keys: Buffer[]) => Promise<void>;
}

/**
 * Walks the keyspace with `SCAN cursor MATCH pattern COUNT n` (never `KEYS`),
 * one guarded command per step, so Redis is never blocked by a long command and
 * the event loop runs between steps. Keys are read as bytes (`scanBuffer`) so
 * that they are deleted exactly as stored. A key may be returned more than
 * once by SCAN; `batch` must tolerate that (deleting twice is harmless).
 */
export async function scanInBatches(client: Redis, guard: RedisGuard, job: ScanJob): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await guard.run(job.operation, job.subject, () =>
      // ioredis sends a Buffer argument as raw bytes; its typings only list string patterns.
      client.scanBuffer(cursor, 'MATCH', job.match as string, 'COUNT', job.count),
    );
    cursor = next.toString();
    const accepted = keys.filter(job.accept);
    if (accepted.length > 0) await job.batch(accepted);
  } while (cursor !== '0');
}
