/**
 * The shared tier, measured where it matters to the API: reading a hot product
 * by id through the data cache's cache-aside path (`getOrSet(modelKey, () =>
 * repository.get(id))`, as `ProductService.get` does), with
 *
 * - L1 + Redis: `CompositeCache([LRUCache, RedisCache])` with the Redis bus (the API with REDIS_URL);
 * - Redis only: `RedisCache` alone (every read is a Redis round trip);
 * - no cache: `repository.get(id)` (every read is an S3 GetObject on the embedded server).
 *
 * 100 hot ids, 10 reads in flight, interleaved rounds, medians; Redis at
 * `REDIS_URL` (default redis://127.0.0.1:6379) under a throw-away prefix.
 * Then the invalidation bus's propagation delay (packages/cache/bench/bus-propagation.ts),
 * and how soon a lock waiter proceeds once the lease it waits on ends
 * (packages/cache/bench/lease-release.ts).
 */
import '../../../bench/source-paths';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { CacheKeyBuilder, CompositeCache, LRUCache } from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import { benchBusPropagation } from '../../../packages/cache/bench/bus-propagation';
import { benchLeaseRelease } from '../../../packages/cache/bench/lease-release';
import { formatRate, measureInterleaved, printTable, verdict } from '../../../packages/cache/bench/harness';
import { makeProduct, startS3Fixture } from '../test/helpers/s3-fixture';
import { S3ProductRepository } from '../src/storage';

const HOT_IDS = 100;
const IN_FLIGHT = 10;

/** Runs `total` reads with `IN_FLIGHT` in flight, cycling over `ids`; resolves to `total`. */
async function readAll(ids: readonly string[], total: number, read: (id: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const id = ids[next++ % ids.length];
      if ((await read(id)) === undefined) throw new Error(`product ${id} not found`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return total;
}

/** The scale-out benchmark; returns verdict lines. */
export async function benchScaleOut(rounds: number): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `s3v-bench:${process.pid}:${randomBytes(4).toString('hex')}:`;
  console.log(`\n### Shared tier: GET by id through the data cache (${HOT_IDS} hot ids, ${IN_FLIGHT} in flight, ${rounds} rounds, Redis ${url})\n`);
  const s3 = await startS3Fixture('s3verless');
  const repository = new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath: 's3verless-data/', concurrency: 16, logger: pino({ level: 'silent' }) });
  const keys = new CacheKeyBuilder();
  const redisOnly = new RedisCache({ url, prefix: `${prefix}only:`, defaultTtl: 300 });
  const shared = new RedisCache({ url, prefix: `${prefix}tiered:`, defaultTtl: 300 });
  const tiered = new CompositeCache([new LRUCache({ maxSize: 1000, defaultTtl: 60 }), shared], {
    bus: { transport: new RedisInvalidationBus({ url, channel: `${prefix}invalidate` }) },
  });
  try {
    const ids: string[] = [];
    for (let i = 0; i < HOT_IDS; i++) {
      const product = makeProduct({ price: i });
      await repository.create(product);
      ids.push(product.id);
    }
    const throughCache = (cache: RedisCache | CompositeCache) => (id: string) =>
      cache.getOrSet(keys.modelKey('Product', id), () => repository.get(id));
    const rates = await measureInterleaved(
      [
        { name: 'L1 + Redis (+ bus)', run: () => readAll(ids, 20_000, throughCache(tiered)) },
        { name: 'Redis only', run: () => readAll(ids, 5_000, throughCache(redisOnly)) },
        { name: 'no cache (S3 GetObject)', run: () => readAll(ids, 300, (id) => repository.get(id)) },
      ],
      rounds,
    );
    const rate = (name: string) => rates.get(name) ?? NaN;
    const none = rate('no cache (S3 GetObject)');
    printTable(
      ['path', 'reads/s (median)', 'vs no cache'],
      [...rates].map(([name, value]) => [name, formatRate(value), `${(value / none).toFixed(1)}x`]),
    );
    const verdicts = [verdict('GET by id, L1 + Redis vs Redis only (hot keys)', rate('L1 + Redis (+ bus)') / rate('Redis only'), 5)];
    verdicts.push(`INFO  GET by id through the data cache: Redis only ${(rate('Redis only') / none).toFixed(1)}x no cache, L1 + Redis ${(rate('L1 + Redis (+ bus)') / none).toFixed(1)}x`);
    verdicts.push(...(await benchBusPropagation({ url })));
    verdicts.push(...(await benchLeaseRelease({ url })));
    return verdicts;
  } finally {
    await Promise.all([tiered.clear().catch(() => undefined), redisOnly.clear().catch(() => undefined)]);
    await Promise.all([tiered.close(), redisOnly.close()]);
    await s3.close();
  }
}

if (require.main === module) {
  benchScaleOut(Number(process.env.BENCH_ROUNDS ?? 5)).then((lines) => lines.forEach((line) => console.log(`- ${line}`)));
}
