import { InMemoryCache, LRUCache } from '../src';
import { ManualClock } from '../src/testing';
import { printTable } from './harness';

const ENTRIES = 100_000;

/**
 * Runs `work` while a ticker re-arms `setImmediate`; the longest gap between
 * two ticks is the longest time the event loop was blocked by `work`.
 */
async function longestBlock(work: () => Promise<unknown>): Promise<{ totalMs: number; maxBlockMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await new Promise((resolve) => setImmediate(resolve));
  const start = performance.now();
  last = start;
  await work();
  const totalMs = performance.now() - start;
  tick();
  running = false;
  return { totalMs, maxBlockMs: maxGap };
}

async function filled(kind: 'lru' | 'memory', clock: ManualClock): Promise<LRUCache | InMemoryCache> {
  const cache =
    kind === 'lru'
      ? new LRUCache({ maxSize: ENTRIES, defaultTtl: 300, clock, cleanupInterval: null })
      : new InMemoryCache({ defaultTtl: 300, clock, cleanupInterval: null });
  const models = ['Product', 'Order', 'Customer', 'Invoice'];
  for (let i = 0; i < ENTRIES; i++) {
    const kindOfKey = i % 3 === 0 ? 'list' : 'model';
    await cache.set(`s3v:${kindOfKey}:${models[i % 4]}:${i}`, i, i % 2 ? 60 : 600);
  }
  return cache;
}

/** How long deletePattern and the expiry sweep keep the event loop busy on 100k keys. */
export async function benchEventLoop(): Promise<number> {
  const rows: string[][] = [];
  let worst = 0;
  const cases: Array<[string, (c: LRUCache | InMemoryCache, clock: ManualClock) => Promise<unknown>]> = [
    ['deletePattern prefix `s3v:list:Product:*`', (c) => c.deletePattern('s3v:list:Product:*')],
    ['deletePattern glob `s3v:*:Product:*`', (c) => c.deletePattern('s3v:*:Product:*')],
    ['deletePattern `*` (every key)', (c) => c.deletePattern('*')],
    ['sweep of 50k expired entries', (c, clock) => (clock.advanceSeconds(61), c.purgeExpired())],
  ];
  for (const kind of ['lru', 'memory'] as const) {
    for (const [label, run] of cases) {
      const clock = new ManualClock();
      const cache = await filled(kind, clock);
      let removed = 0;
      const { totalMs, maxBlockMs } = await longestBlock(async () => {
        removed = (await run(cache, clock)) as number;
      });
      worst = Math.max(worst, maxBlockMs);
      rows.push([kind === 'lru' ? 'LRUCache' : 'InMemoryCache', label, String(removed), totalMs.toFixed(1), maxBlockMs.toFixed(1)]);
    }
  }
  console.log(`\n### Event loop: ${ENTRIES / 1e3}k keys, longest blocking stretch (ms)\n`);
  printTable(['cache', 'operation', 'removed', 'total ms', 'longest block ms'], rows);
  return worst;
}
