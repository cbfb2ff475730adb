/**
 * A flood of unique junk URLs against the API (issue 10, item 6): 100,000
 * distinct URLs by default (`JUNK_URLS`), every one a new response-cache key
 * but none a new data-cache key (`/products/count?page=N`: `page` means nothing
 * to a count; `/products/{cold id}?utm=N`: the route ignores the query).
 * Reports, in one process over HTTP against the embedded S3 server, with the
 * default sizes (and a ttl of an hour, so that nothing expires during the
 * flood: what is measured is eviction):
 *
 * - the data cache's hit ratio for a fixed hot set (products by id, lists,
 *   counts, each requested with `Cache-Control: no-cache` so that the route,
 *   not the response cache, answers), before and after the flood;
 * - the response cache's entries per tier and its evictions;
 * - heap, external and RSS memory at each quarter of the flood (after a full
 *   GC when `--expose-gc`): they stop growing once the response tiers are full.
 *
 *   TS_NODE_PROJECT=tsconfig.test.json node --expose-gc -r ts-node/register/transpile-only apps/products-api/bench/junk-urls.ts
 *   BENCH_ONLY=junk npm run bench
 */
import '../../../bench/source-paths';
import { performance } from 'node:perf_hooks';
import { printTable } from '../../../packages/cache/bench/harness';
import type { Product } from '../src/domain/product';
import { type ApiFixture, productBody, startApiFixture } from '../test/helpers/api-fixture';

const HOT_PRODUCTS = 200;
const COLD_PRODUCTS = 50;
const CATEGORIES = 10;
const CONCURRENCY = 32;

type Tier = { type: string; size: number; hits: number; misses: number; evictions: number };
type Memory = { heapMB: number; externalMB: number; rssMB: number };
const MB = 2 ** 20;
/** Nothing expires during the flood (it lasts minutes): what is measured is eviction. */
const ENV = { CACHE_TTL: '3600', CACHE_L1_TTL: '3600' };

const tiersOf = (cache: { stats(): object }): Tier[] => (cache.stats() as { tiers: Tier[] }).tiers;

/** Lookups the data cache answered (a hit in any tier) and those that reached the loader (a miss in the last tier). */
function dataLookups(api: ApiFixture): { hits: number; misses: number } {
  const tiers = tiersOf(api.caches.data);
  return { hits: tiers.reduce((sum, t) => sum + t.hits, 0), misses: tiers[tiers.length - 1].misses };
}

function memory(): Memory {
  global.gc?.();
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapMB: heapUsed / MB, externalMB: external / MB, rssMB: rss / MB };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
}

/** The data cache's hit ratio over one pass of the hot set (the route runs for each URL). */
async function hotPass(api: ApiFixture, hot: readonly string[]): Promise<{ ratio: number; s3: number }> {
  const before = dataLookups(api);
  api.requests.reset();
  for (const path of hot) await get(`${api.url}${path}`, { 'cache-control': 'no-cache' });
  const after = dataLookups(api);
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { ratio: hits / (hits + misses), s3: api.requests.total };
}

/** Sends junk URLs `from` to `to` (exclusive), `CONCURRENCY` at a time; returns requests per second. */
async function flood(api: ApiFixture, cold: readonly string[], from: number, to: number): Promise<number> {
  let next = from;
  const start = performance.now();
  const worker = async () => {
    while (next < to) {
      const n = next++;
      const path = n % 2 === 0 ? `/products/count?page=${n + 1}` : `/products/${cold[n % cold.length]}?utm=${n}`;
      await get(`${api.url}${path}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (to - from) / ((performance.now() - start) / 1000);
}

/** The junk-URL measurement; returns verdict lines. */
export async function benchJunkUrls(count = Number(process.env.JUNK_URLS ?? 100_000)): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  console.log(`\n### Junk URLs: ${count.toLocaleString('en')} unique URLs, ${CONCURRENCY} in flight, default cache sizes\n`);
  const api = await startApiFixture({ env: ENV });
  try {
    const create = async (i: number, hot: boolean) =>
      ((await api.http.post('/products').send(productBody({ category: `c${i % CATEGORIES}`, stock: i, name: hot ? 'Hot' : 'Cold' }))).body as Product).id;
    const hotIds: string[] = [];
    for (let i = 0; i < HOT_PRODUCTS; i++) hotIds.push(await create(i, true));
    const cold: string[] = [];
    for (let i = 0; i < COLD_PRODUCTS; i++) cold.push(await create(i, false));
    const hot = [
      ...hotIds.map((id) => `/products/${id}`),
      ...Array.from({ length: CATEGORIES }, (_, c) => `/products?category=c${c}&sort_by=price`),
      ...Array.from({ length: CATEGORIES }, (_, c) => `/products/count?category=c${c}`),
    ];
    await hotPass(api, hot); // warm: the data cache holds the hot set
    const before = await hotPass(api, hot);
    const memoryBefore = memory();
    const checkpoints: Array<[number, Memory]> = [[0, memoryBefore]];
    const rates: number[] = [];
    for (let quarter = 1; quarter <= 4; quarter++) {
      rates.push(await flood(api, cold, Math.round(((quarter - 1) * count) / 4), Math.round((quarter * count) / 4)));
      checkpoints.push([Math.round((quarter * count) / 4), memory()]);
    }
    const memoryAfter = checkpoints[checkpoints.length - 1][1];
    const after = await hotPass(api, hot);

    const responseTiers = tiersOf(api.caches.responses);
    const dataTiers = tiersOf(api.caches.data);
    printTable(
      ['', 'data hit ratio (hot set)', 'S3 requests (hot pass)'],
      [
        ['before the flood', before.ratio.toFixed(3), String(before.s3)],
        ['after the flood', after.ratio.toFixed(3), String(after.s3)],
      ],
    );
    printTable(
      ['junk URLs sent', 'heap MB', 'external MB', 'RSS MB'],
      checkpoints.map(([sent, m]) => [sent.toLocaleString('en'), m.heapMB.toFixed(1), m.externalMB.toFixed(1), m.rssMB.toFixed(1)]),
    );
    printTable(
      ['cache', 'tier', 'entries', 'evictions'],
      [
        ...responseTiers.map((t, i) => ['responses', `${i} ${t.type}`, String(t.size), String(t.evictions)]),
        ...dataTiers.map((t, i) => ['data', `${i} ${t.type}`, String(t.size), String(t.evictions)]),
      ],
    );
    const heapGrowth = memoryAfter.heapMB - memoryBefore.heapMB;
    const rssGrowth = memoryAfter.rssMB - memoryBefore.rssMB;
    const half = checkpoints[2][1];
    const rate = rates.reduce((sum, r) => sum + r, 0) / rates.length;
    return [
      `${after.ratio >= before.ratio && after.s3 === 0 ? 'PASS' : 'MISS'}  data hit ratio for the hot set after ${count.toLocaleString('en')} junk URLs: ${after.ratio.toFixed(3)} (before ${before.ratio.toFixed(3)}; ${after.s3} S3 requests)`,
      `INFO  junk URLs: heap +${heapGrowth.toFixed(1)} MB, RSS +${rssGrowth.toFixed(1)} MB over the flood ` +
        `(second half: heap ${signed(memoryAfter.heapMB - half.heapMB)} MB, RSS ${signed(memoryAfter.rssMB - half.rssMB)} MB); ` +
        `response tiers hold ${responseTiers.map((t) => t.size).join(' + ')} entries; ${rate.toFixed(0)} req/s`,
    ];
  } finally {
    await api.close();
  }
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

if (require.main === module) {
  benchJunkUrls()
    .then((verdicts) => verdicts.forEach((line) => console.log(`- ${line}`)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
