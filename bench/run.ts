/**
 * `npm run bench`: every benchmark of the repository. Not a test: it prints
 * tables of ratios against references measured in the same run.
 *
 *   npm run bench                 # full run
 *   BENCH_ROUNDS=3 npm run bench  # quicker, noisier
 */
import { benchCacheThroughput } from '../packages/cache/bench/cache-throughput';
import { benchEventLoop } from '../packages/cache/bench/event-loop';
import { benchMemory } from '../packages/cache/bench/memory';

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  if (!global.gc) console.warn('run with node --expose-gc for steadier numbers');
  console.log(`## @s3verless/cache benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  const verdicts = [...(await benchCacheThroughput(rounds))];
  const memory = await benchMemory();
  const ours = memory.find((m) => m.name === 'LRUCache')?.bytesPerEntry ?? NaN;
  const reference = memory.find((m) => m.name === 'lru-cache')?.bytesPerEntry ?? NaN;
  verdicts.push(`INFO  LRUCache uses ${ours.toFixed(0)} bytes/entry, lru-cache ${reference.toFixed(0)} (${(ours / reference).toFixed(2)}x)`);
  const block = await benchEventLoop();
  verdicts.push(`${block <= 50 ? 'PASS' : 'MISS'}  longest event-loop block of deletePattern/sweep on 100k keys: ${block.toFixed(1)} ms (target <= 50 ms)`);
  console.log('\n### Targets\n');
  verdicts.forEach((line) => console.log(`- ${line}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
