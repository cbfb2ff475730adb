/**
 * `npm run bench`: every benchmark of the repository. Not a test: it prints
 * tables of ratios against references measured in the same run, then one
 * PASS/MISS line per target.
 *
 *   npm run bench                          # everything (about 10 minutes on 2 cores)
 *   BENCH_ROUNDS=3 npm run bench           # quicker, noisier
 *   BENCH_ONLY=cache,http npm run bench    # some groups: cache, http, api, redis, writes, junk
 */
import './source-paths';
import { benchProductsApi } from '../apps/products-api/bench/api-bench';
import { benchJunkUrls } from '../apps/products-api/bench/junk-urls';
import { benchScaleOut } from '../apps/products-api/bench/scale-out';
import { benchWritePath } from '../apps/products-api/bench/write-path';
import { benchCacheThroughput } from '../packages/cache/bench/cache-throughput';
import { benchEventLoop } from '../packages/cache/bench/event-loop';
import { benchMemory } from '../packages/cache/bench/memory';
import { benchHttpCache } from '../packages/express-cache/bench/http-cache';

type Group = (rounds: number) => Promise<string[]>;

/** `@s3verless/cache` in process: throughput, memory, event-loop blocking. */
async function benchCache(rounds: number): Promise<string[]> {
  console.log(`\n## @s3verless/cache`);
  const verdicts = [...(await benchCacheThroughput(rounds))];
  const memory = await benchMemory();
  const ours = memory.find((m) => m.name === 'LRUCache')?.bytesPerEntry ?? NaN;
  const reference = memory.find((m) => m.name === 'lru-cache')?.bytesPerEntry ?? NaN;
  verdicts.push(`INFO  LRUCache uses ${ours.toFixed(0)} bytes/entry, lru-cache ${reference.toFixed(0)} (${(ours / reference).toFixed(2)}x)`);
  const block = await benchEventLoop();
  verdicts.push(`${block <= 50 ? 'PASS' : 'MISS'}  longest event-loop block of deletePattern/sweep on 100k keys: ${block.toFixed(1)} ms (target <= 50 ms)`);
  return verdicts;
}

const GROUPS: Record<string, { readonly run: Group; readonly rounds?: (rounds: number) => number }> = {
  cache: { run: benchCache },
  http: { run: (rounds) => benchHttpCache(rounds) },
  // The API group seeds 2,000 products once, then every round runs each cell for seconds: at most 3 rounds.
  api: { run: (rounds) => benchProductsApi(rounds), rounds: (rounds) => Math.min(rounds, 3) },
  // Needs Redis at REDIS_URL (default redis://127.0.0.1:6379): shared tier throughput and bus propagation.
  redis: { run: (rounds) => benchScaleOut(rounds), rounds: (rounds) => Math.min(rounds, 5) },
  // PATCH latency before/after the delete-on-write fix (issue 9); with Redis too when it answers.
  writes: { run: (rounds) => benchWritePath(rounds), rounds: (rounds) => Math.min(rounds, 5) },
  // 100k unique junk URLs (JUNK_URLS) against the API: the data cache's hot set must stay cached (issue 10).
  junk: { run: () => benchJunkUrls() },
};

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const only = (process.env.BENCH_ONLY ?? Object.keys(GROUPS).join(',')).split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = only.filter((g) => !(g in GROUPS));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown group(s) ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);
  if (!global.gc) console.warn('run with node --expose-gc for steadier numbers');
  console.log(`# S3verless benchmarks — node ${process.version}, ${new Date().toISOString()}, groups: ${only.join(', ')}`);
  const verdicts: string[] = [];
  for (const name of only) {
    const group = GROUPS[name];
    verdicts.push(...(await group.run(group.rounds ? group.rounds(rounds) : rounds)));
  }
  console.log('\n### Targets\n');
  verdicts.forEach((line) => console.log(`- ${line}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
