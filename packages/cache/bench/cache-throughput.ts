import { LRUCache as LruCacheReference } from 'lru-cache';
import { InMemoryCache, LRUCache } from '../src';
import { type Contender, formatRate, measureInterleaved, printTable, verdict } from './harness';
import { makeKeys, uniformIndices, zipfStream, type ZipfStream } from './workloads';

/** The smallest surface the workloads call: `get`/`set`, awaited whether they return a promise or not. */
interface BenchCache {
  get(key: string): unknown;
  set(key: string, value: number): unknown;
}

type Loop = (cache: BenchCache, keys: string[], ...args: unknown[]) => Promise<number>;

/**
 * The workload loops, compiled once per contender with `new Function`, so that
 * each contender's loop has its own type feedback (monomorphic call sites) and
 * no contender pays for another's shape. Every call is awaited, whether it
 * returns a promise (ours) or a plain value (Map, lru-cache).
 */
const LOOP_SOURCES = {
  getHit: `return async function getHit(cache, keys, indices) {
    let hits = 0;
    for (let i = 0; i < indices.length; i++) if ((await cache.get(keys[indices[i]])) !== undefined) hits++;
    return hits;
  }`,
  setEvict: `return async function setEvict(cache, keys, from, count) {
    for (let i = from, end = from + count; i < end; i++) await cache.set(keys[i], i);
    return count;
  }`,
  zipf: `return async function zipf(cache, keys, stream) {
    const k = stream.keys, s = stream.isSet;
    let hits = 0;
    for (let i = 0; i < k.length; i++) {
      if (s[i] === 1) await cache.set(keys[k[i]], i);
      else if ((await cache.get(keys[k[i]])) !== undefined) hits++;
    }
    return hits;
  }`,
} as const;

function compile(kind: keyof typeof LOOP_SOURCES): Loop {
  return new Function(LOOP_SOURCES[kind])() as Loop;
}

interface Implementation {
  readonly name: string;
  create(capacity: number): BenchCache;
  /** Only meaningful on get-hit (a Map has no bound). */
  readonly getHitOnly?: boolean;
}

export const IMPLEMENTATIONS: readonly Implementation[] = [
  { name: 'LRUCache', create: (max) => new LRUCache({ maxSize: max, defaultTtl: 300 }) },
  { name: 'InMemoryCache', create: (max) => new InMemoryCache({ maxSize: max, defaultTtl: 300 }) },
  { name: 'lru-cache (await)', create: (max) => new LruCacheReference<string, object | number>({ max, ttl: 300_000 }) },
  { name: 'Map (await)', create: () => new Map<string, unknown>(), getHitOnly: true },
  { name: 'LRUCache, no ttl', create: (max) => new LRUCache({ maxSize: max, defaultTtl: null }) },
  { name: 'lru-cache, no ttl (await)', create: (max) => new LruCacheReference<string, object | number>({ max }) },
];

const GET_HIT_KEYS = 10_000;
const GET_HIT_OPS = 2_000_000;
const EVICT_CAPACITY = 10_000;
const EVICT_KEYS = 1_000_000;
const ZIPF_UNIVERSE = 100_000;
const ZIPF_CAPACITY = 10_000;
const ZIPF_OPS = 1_000_000;

type Workload = 'get-hit' | 'set-evict' | 'zipf';

/** Builds one contender per implementation for a workload. */
function contenders(workload: Workload, data: WorkloadData): Contender[] {
  return IMPLEMENTATIONS.filter((impl) => workload === 'get-hit' || !impl.getHitOnly).map((impl) => {
    let cache: BenchCache;
    const loop = compile(workload === 'get-hit' ? 'getHit' : workload === 'set-evict' ? 'setEvict' : 'zipf');
    switch (workload) {
      case 'get-hit':
        return {
          name: impl.name,
          setup: async () => {
            cache = impl.create(GET_HIT_KEYS);
            for (let i = 0; i < GET_HIT_KEYS; i++) await cache.set(data.keys[i], i);
          },
          run: async () => {
            const hits = await loop(cache, data.keys, data.getIndices);
            if (hits !== GET_HIT_OPS) throw new Error(`${impl.name}: ${hits} hits of ${GET_HIT_OPS}`);
            return GET_HIT_OPS;
          },
        };
      case 'set-evict':
        return {
          name: impl.name,
          setup: async () => {
            cache = impl.create(EVICT_CAPACITY);
            for (let i = 0; i < EVICT_CAPACITY; i++) await cache.set(data.keys[i], i);
          },
          run: () => loop(cache, data.keys, EVICT_CAPACITY, EVICT_KEYS),
        };
      case 'zipf':
        return {
          name: impl.name,
          setup: () => {
            cache = impl.create(ZIPF_CAPACITY);
          },
          run: async () => {
            await loop(cache, data.keys, data.zipf);
            return ZIPF_OPS;
          },
        };
    }
  });
}

interface WorkloadData {
  readonly keys: string[];
  readonly getIndices: Int32Array;
  readonly zipf: ZipfStream;
}

/** Throughput of every implementation on the three workloads, with the targets checked. */
export async function benchCacheThroughput(rounds: number): Promise<string[]> {
  const data: WorkloadData = {
    keys: makeKeys(EVICT_CAPACITY + EVICT_KEYS),
    getIndices: uniformIndices(GET_HIT_KEYS, GET_HIT_OPS),
    zipf: zipfStream(ZIPF_UNIVERSE, ZIPF_OPS, 1.0, 0.1),
  };
  const workloads: Workload[] = ['get-hit', 'set-evict', 'zipf'];
  const results = new Map<Workload, Map<string, number>>();
  for (const workload of workloads) {
    results.set(workload, await measureInterleaved(contenders(workload, data), rounds));
  }

  const ref = (w: Workload, name: string) => results.get(w)?.get(name) ?? NaN;
  console.log(
    `\n### Cache throughput (ops/s, median of ${rounds} interleaved rounds; every call awaited)\n` +
      `get-hit: ${GET_HIT_OPS / 1e6}M gets over ${GET_HIT_KEYS / 1e3}k keys · ` +
      `set-evict: ${EVICT_KEYS / 1e6}M distinct keys into ${EVICT_CAPACITY / 1e3}k · ` +
      `zipf: ${ZIPF_OPS / 1e6}M ops, 90% get / 10% set, Zipf(1.0) over ${ZIPF_UNIVERSE / 1e3}k keys into ${ZIPF_CAPACITY / 1e3}k\n`,
  );
  printTable(
    ['implementation', ...workloads.map((w) => `${w} ops/s`), ...workloads.map((w) => `${w} vs lru-cache`)],
    IMPLEMENTATIONS.map((impl) => {
      const reference = impl.name.includes('no ttl') ? 'lru-cache, no ttl (await)' : 'lru-cache (await)';
      return [
        impl.name,
        ...workloads.map((w) => (results.get(w)?.has(impl.name) ? formatRate(ref(w, impl.name)) : '—')),
        ...workloads.map((w) =>
          results.get(w)?.has(impl.name) ? `${(ref(w, impl.name) / ref(w, reference)).toFixed(2)}x` : '—',
        ),
      ];
    }),
  );
  return [
    ...workloads.map((w) => verdict(`LRUCache vs lru-cache (await), ${w}`, ref(w, 'LRUCache') / ref(w, 'lru-cache (await)'), 0.95)),
    verdict('InMemoryCache vs Map (await), get-hit', ref('get-hit', 'InMemoryCache') / ref('get-hit', 'Map (await)'), 0.9),
  ];
}
