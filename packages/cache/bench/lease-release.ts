/**
 * How soon a process waiting on another's lease (`lock.enabled`) proceeds once
 * that lease ends. Two `RedisCache` instances with their own connections (and
 * B's own subscriber connection): A takes the lease of a fresh key, B's
 * `getOrSet` starts waiting on it, and after a random pause (0-100 ms, so the
 * end lands anywhere in B's poll backoff) the lease ends:
 *
 * - `release`: A releases it without a fill -> B's loader starts;
 * - `fill`: A fills it -> B's `getOrSet` resolves with A's value;
 * - `DEL, no message`: the lease key is deleted by a plain `DEL` (no signal),
 *   so B learns it only by polling: the bound the polls alone would give.
 *
 *   TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register/transpile-only packages/cache/bench/lease-release.ts
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { RedisCache, type LockTimer } from '../src/redis';
import { printTable } from './harness';

/** Options of {@link benchLeaseRelease}. */
export interface LeaseReleaseOptions {
  /** Redis to use. Default: `REDIS_URL` or `redis://127.0.0.1:6379`. */
  readonly url?: string;
  /** Tries per scenario. Default 200. */
  readonly tries?: number;
}

type Ending = 'release' | 'fill' | 'DEL, no message';

/** Real timers that report when the waiter begins its first pause. */
class ObservedTimer implements LockTimer {
  private onWait: (() => void) | undefined;
  now(): number {
    return performance.now();
  }
  sleep(ms: number): Promise<void> {
    const onWait = this.onWait;
    this.onWait = undefined;
    onWait?.();
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
  /** Resolves at the next first pause. */
  nextWait(): Promise<void> {
    return new Promise((resolve) => (this.onWait = resolve));
  }
}

/**
 * Measures each scenario and prints a table; resolves to verdict lines
 * (target: after a release, the waiter proceeds within 50 ms, p99).
 */
export async function benchLeaseRelease(options: LeaseReleaseOptions = {}): Promise<string[]> {
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const tries = options.tries ?? 200;
  const prefix = `s3v-bench:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const timer = new ObservedTimer();
  const a = new RedisCache({ url, prefix, lock: { enabled: true } });
  const b = new RedisCache({ url, prefix, lock: { enabled: true, timer } });
  const admin = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await a.set('warm-up', 1); // both connections up before the first try
    await b.get('warm-up');
    const rows: Array<[Ending, number[]]> = [];
    for (const ending of ['release', 'fill', 'DEL, no message'] as const) {
      const delays: number[] = [];
      for (let i = 0; i < tries; i++) delays.push(await oneTry(a, b, admin, timer, prefix, `${ending}:${i}`, ending));
      rows.push([ending, delays.sort((x, y) => x - y)]);
    }
    await a.clear();
    console.log(`\n### Lock waiters: lease ends on A -> waiter on B proceeds (${tries} tries each, real Redis)\n`);
    const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    printTable(
      ['lease ends by', 'min (ms)', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'max (ms)'],
      rows.map(([ending, d]) => [ending, ...[0, 0.5, 0.9, 0.99, 1].map((q) => (q === 0 ? d[0] : at(d, q)).toFixed(2))]),
    );
    const released = rows[0][1];
    const p99 = at(released, 0.99);
    return [`${p99 < 50 ? 'PASS' : 'MISS'}  lock waiter proceeds after a release, p99: ${p99.toFixed(2)} ms (max ${released[released.length - 1].toFixed(2)} ms; target < 50 ms)`];
  } finally {
    await Promise.all([a.close(), b.close(), admin.quit()]);
  }
}

/** One try: milliseconds from the end of A's lease to B proceeding. */
async function oneTry(a: RedisCache, b: RedisCache, admin: Redis, timer: ObservedTimer, prefix: string, key: string, ending: Ending): Promise<number> {
  const held = await a.lease(key); // created: A "loads"
  let proceeded = 0;
  const waiting = timer.nextWait();
  const onB = b.getOrSet(key, () => {
    proceeded = performance.now();
    return 'loaded by b';
  });
  await waiting;
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
  const endedAt = performance.now();
  if (ending === 'release') held.release();
  else if (ending === 'fill') void held.fill('filled by a');
  else await admin.del(Buffer.concat([Buffer.from([0xff]), Buffer.from(`lease:${prefix}${key}`, 'utf8')]));
  const value = await onB;
  if (ending === 'fill') {
    if (value !== 'filled by a') throw new Error(`B loaded instead of taking A's value: ${String(value)}`);
    return performance.now() - endedAt;
  }
  if (proceeded === 0) throw new Error('B did not run its loader');
  if (ending !== 'release') held.release();
  return proceeded - endedAt;
}

if (require.main === module) {
  benchLeaseRelease({ tries: Number(process.env.TRIES ?? 200) }).then(
    (verdicts) => verdicts.forEach((line) => console.log(line)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
