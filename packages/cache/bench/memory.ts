import { LRUCache as LruCacheReference } from 'lru-cache';
import { InMemoryCache, LRUCache } from '../src';
import { median, printTable } from './harness';
import { makeKeys } from './workloads';

const ENTRIES = 100_000;

/** Heap plus off-heap buffers (typed arrays live there), after a full GC. */
function usedBytes(): number {
  global.gc?.();
  global.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

interface Filler {
  readonly name: string;
  fill(keys: string[]): Promise<unknown>;
}

const FILLERS: readonly Filler[] = [
  {
    name: 'LRUCache',
    fill: async (keys) => {
      const cache = new LRUCache({ maxSize: ENTRIES, defaultTtl: 300 });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], i);
      return cache;
    },
  },
  {
    name: 'InMemoryCache',
    fill: async (keys) => {
      const cache = new InMemoryCache({ maxSize: ENTRIES, defaultTtl: 300 });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], i);
      return cache;
    },
  },
  {
    name: 'lru-cache',
    fill: async (keys) => {
      const cache = new LruCacheReference<string, number>({ max: ENTRIES, ttl: 300_000 });
      for (let i = 0; i < keys.length; i++) cache.set(keys[i], i);
      return cache;
    },
  },
];

/**
 * Bytes per entry of each cache's own structure: 100k entries whose keys exist
 * before the measurement starts and whose values are small integers, so only
 * what the cache adds is counted (map, slots, links, expiry).
 */
export async function benchMemory(): Promise<{ name: string; bytesPerEntry: number }[]> {
  const keys = makeKeys(ENTRIES);
  const results: { name: string; bytesPerEntry: number }[] = [];
  for (const filler of FILLERS) {
    const samples: number[] = [];
    let cache: unknown;
    for (let round = 0; round < 3; round++) {
      cache = undefined;
      // Let pending timers fire: lru-cache's clock timer holds its instance for a tick.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = usedBytes();
      cache = await filler.fill(keys);
      const after = usedBytes();
      samples.push((after - before) / ENTRIES);
    }
    if (process.env.BENCH_DEBUG) console.log(filler.name, samples, cache !== undefined);
    results.push({ name: filler.name, bytesPerEntry: median(samples) });
  }
  console.log(`\n### Memory: bytes per entry (heap + array buffers after ${ENTRIES / 1e3}k entries, ttl on, keys not counted)\n`);
  printTable(['implementation', 'bytes/entry'], results.map((r) => [r.name, r.bytesPerEntry.toFixed(1)]));
  return results;
}
