/**
 * How long an invalidation takes to reach another instance over Redis pub/sub:
 * from A's publish (the `sentAt` stamped just before `PUBLISH`, after A's tiers
 * were written) to the moment B has evicted the key from its L1 (B's handlers
 * run in order: the cache's eviction first, then the probe).
 *
 * Two set-ups: B in the same process as A (one event loop for both), and B in
 * a child process (the realistic case: two instances on one host). Writes are
 * sequential (the next one starts once B evicted the previous key) and then a
 * burst (all writes at once: queueing included).
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { CompositeCache, LRUCache, type InvalidationMessage } from '../src';
import { RedisInvalidationBus } from '../src/redis';
import { printTable } from './harness';

/** Options of {@link benchBusPropagation}. */
export interface BusPropagationOptions {
  /** Redis to use. Default: `REDIS_URL` or `redis://127.0.0.1:6379`. */
  readonly url?: string;
  /** Writes per measurement. Default 1000. */
  readonly writes?: number;
}

/** Delays in milliseconds for one set-up. */
export interface PropagationResult {
  readonly setup: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * Measures propagation delays and prints a table; resolves to verdict lines
 * for `bench/run.ts` (target: p99 < 10 ms on loopback for sequential writes).
 */
export async function benchBusPropagation(options: BusPropagationOptions = {}): Promise<string[]> {
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const writes = options.writes ?? 1000;
  if (!(await reachable(url))) return [`SKIP  bus propagation: Redis unreachable at ${url} (set REDIS_URL)`];
  const results: PropagationResult[] = [];
  for (const burst of [false, true]) {
    results.push(await inProcess(url, writes, burst));
    results.push(await crossProcess(url, writes, burst));
  }
  console.log(`\n### Invalidation bus propagation (Redis pub/sub, ${writes} writes, A's publish -> B's L1 eviction)\n`);
  printTable(
    ['set-up', 'p50 (ms)', 'p99 (ms)', 'max (ms)'],
    results.map((r) => [r.setup, r.p50.toFixed(3), r.p99.toFixed(3), r.max.toFixed(3)]),
  );
  return results
    .filter((r) => !r.setup.includes('burst'))
    .map((r) => `${r.p99 < 10 ? 'PASS' : 'MISS'}  bus propagation p99, ${r.setup}: ${r.p99.toFixed(2)} ms (p50 ${r.p50.toFixed(2)} ms; target p99 < 10 ms)`);
}

/** Whether a bus can connect to `url` within 2 s. */
async function reachable(url: string): Promise<boolean> {
  const probe = new RedisInvalidationBus({ url, channel: 's3v-bench:probe', heartbeatInterval: null });
  try {
    await probe.ready(2000);
    return true;
  } catch {
    return false;
  } finally {
    await probe.close();
  }
}

/** A writer instance: an L1 and a bus; its writes are announced to the channel. */
async function writer(url: string, channel: string): Promise<CompositeCache> {
  const transport = new RedisInvalidationBus({ url, channel });
  await transport.ready();
  return new CompositeCache([new LRUCache({ maxSize: 10_000 })], { bus: { transport, instanceId: 'A' } });
}

/** Collects delays and lets the writer wait until a given number arrived. */
class Probe {
  readonly delays: number[] = [];
  private waiter: { count: number; resolve: () => void } | undefined;

  record(delay: number): void {
    this.delays.push(delay);
    if (this.waiter !== undefined && this.delays.length >= this.waiter.count) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve();
    }
  }

  /** Resolves once `count` delays were recorded in all. */
  reach(count: number): Promise<void> {
    if (this.delays.length >= count) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = { count, resolve }));
  }
}

async function inProcess(url: string, writes: number, burst: boolean): Promise<PropagationResult> {
  const channel = `s3v-bench:${process.pid}:${randomBytes(4).toString('hex')}`;
  const a = await writer(url, channel);
  const transport = new RedisInvalidationBus({ url, channel });
  await transport.ready();
  const b = new CompositeCache([new LRUCache({ maxSize: 10_000 })], { bus: { transport, instanceId: 'B' } });
  const probe = new Probe();
  // Registered after B's own handler: it runs once B has evicted the key.
  transport.subscribe({ message: (m) => m.origin === 'A' && probe.record(now() - (m.sentAt as number)) });
  await run(a, writes, burst, probe);
  await Promise.all([a.close(), b.close()]);
  return summarise(`same process${burst ? ', burst' : ''}`, probe.delays);
}

async function crossProcess(url: string, writes: number, burst: boolean): Promise<PropagationResult> {
  const channel = `s3v-bench:${process.pid}:${randomBytes(4).toString('hex')}`;
  const child = fork(__filename, ['--bus-peer', url, channel], { execArgv: process.execArgv });
  await once(child, (m) => m === 'ready');
  const a = await writer(url, channel);
  const probe = new Probe();
  child.on('message', (m) => typeof m === 'number' && probe.record(m));
  await run(a, writes, burst, probe);
  child.kill();
  await a.close();
  return summarise(`child process${burst ? ', burst' : ''}`, probe.delays);
}

/** Writes `writes` keys through A, sequentially (waiting for each eviction) or all at once, after a warm-up. */
async function run(a: CompositeCache, writes: number, burst: boolean, probe: Probe): Promise<void> {
  const WARM_UP = 50;
  for (let i = 0; i < WARM_UP; i++) {
    await a.set(`warm:${i}`, i);
    await probe.reach(i + 1);
  }
  probe.delays.length = 0;
  if (burst) {
    await Promise.all(Array.from({ length: writes }, (_, i) => a.set(`k:${i}`, i)));
  } else {
    for (let i = 0; i < writes; i++) {
      await a.set(`k:${i}`, i);
      await probe.reach(i + 1);
    }
  }
  await probe.reach(writes);
}

function summarise(setup: string, delays: readonly number[]): PropagationResult {
  const sorted = [...delays].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { setup, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

function once(child: ReturnType<typeof fork>, match: (m: unknown) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('message', (m) => match(m) && resolve());
    child.on('exit', (code) => reject(new Error(`bus peer exited with ${code}`)));
  });
}

/** The child side: instance B, which reports each eviction's delay to the parent. */
async function peer(url: string, channel: string): Promise<void> {
  const transport = new RedisInvalidationBus({ url, channel });
  await transport.ready();
  const b = new CompositeCache([new LRUCache({ maxSize: 10_000 })], { bus: { transport, instanceId: 'B' } });
  transport.subscribe({
    message: (m: InvalidationMessage) => {
      if (m.origin === 'A') process.send?.(now() - (m.sentAt as number));
    },
  });
  process.send?.('ready');
  process.on('disconnect', () => void b.close().then(() => process.exit(0)));
}

if (require.main === module && process.argv[2] === '--bus-peer') {
  void peer(process.argv[3], process.argv[4]);
}
