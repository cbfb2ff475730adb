/**
 * The write path, before and after issue 9's fix, in one run: median latency
 * of `PATCH /products/:id` over HTTP against the embedded S3 server, and of the
 * `GET /products/:id` that follows it, for
 *
 * - **before**: the pre-fix write path — s3rver's own store (not atomic per
 *   key) and, reproduced by a wrapper, the product SET into the data cache
 *   after the S3 write (write-through, unordered across writers);
 * - **after**: today's write path — the atomic embedded store, and the cached
 *   product removed after the S3 write (the next read reloads it through a lease).
 *
 * Both with the default in-process tiers and, when Redis answers at
 * `REDIS_URL`, with L1 + Redis + bus. Sequential requests (one in flight),
 * interleaved rounds, medians. Target: PATCH after/before <= 1.5x.
 */
import '../../../bench/source-paths';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type CacheBackend, CacheKeyBuilder } from '@s3verless/cache';
import { median, printTable, seededRandom } from '../../../packages/cache/bench/harness';
import { redisReachable } from '../../../packages/cache/test/helpers/redis';
import type { Product } from '../src/domain/product';
import type { ProductRepository } from '../src/storage';
import { type ApiFixture, productBody, startApiFixture } from '../test/helpers/api-fixture';
import { type S3Fixture, startS3Fixture } from '../test/helpers/s3-fixture';

const PRODUCTS = 50;
const WRITES_PER_ROUND = 60;
const KEYS = new CacheKeyBuilder();

/** The data cache as the pre-fix service used it: an update's `delete(modelKey)` becomes `set(modelKey, written)`. */
function writeThroughOnUpdate(cache: CacheBackend, written: Map<string, Product>): CacheBackend {
  return new Proxy(cache, {
    get(target, property, receiver) {
      if (property !== 'delete') {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (key: string) => {
        const product = written.get(key);
        written.delete(key);
        return product === undefined ? target.delete(key) : target.set(key, product).then(() => true);
      };
    },
  });
}

/** Records each replaced product under its model key, for {@link writeThroughOnUpdate}. */
function recordingReplace(real: ProductRepository, written: Map<string, Product>): ProductRepository {
  return Object.assign(Object.create(real) as ProductRepository, {
    replace: async (previous: Product, next: Product) => {
      await real.replace(previous, next);
      written.set(KEYS.modelKey('Product', next.id), next);
    },
  });
}

interface Variant {
  readonly name: string;
  readonly api: ApiFixture;
  readonly ids: string[];
  readonly patch: number[];
  readonly readAfter: number[];
}

async function timed(url: string, init: RequestInit): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status}`);
  return performance.now() - start;
}

async function startVariant(name: string, s3: S3Fixture, env: Record<string, string>, before: boolean): Promise<Variant> {
  // One S3 server per variant kind: s3rver's own store before the fix, the atomic one after.
  const written = new Map<string, Product>();
  const api = await startApiFixture({
    s3,
    env: { ...env, S3_BASE_PATH: `bench-${randomBytes(3).toString('hex')}/` },
    ...(before ? { wrapRepository: (real) => recordingReplace(real, written), wrapCache: (c) => writeThroughOnUpdate(c, written) } : {}),
  });
  const ids: string[] = [];
  for (let i = 0; i < PRODUCTS; i++) ids.push(((await api.http.post('/products').send(productBody({ stock: i }))).body as Product).id);
  return { name, api, ids, patch: [], readAfter: [] };
}

async function round(variant: Variant, random: () => number, counter: { next: number }): Promise<void> {
  for (let i = 0; i < WRITES_PER_ROUND; i++) {
    const id = variant.ids[Math.floor(random() * variant.ids.length)];
    const url = `${variant.api.url}/products/${id}`;
    variant.patch.push(await timed(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock: counter.next++ }) }));
    variant.readAfter.push(await timed(url, { method: 'GET' }));
  }
}

/** The write-path benchmark; returns verdict lines. */
export async function benchWritePath(rounds: number): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const withRedis = redisReachable();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  console.log(`\n### Write path: PATCH /products/:id then GET of it, before/after issue 9 (${rounds} rounds x ${WRITES_PER_ROUND} writes, one in flight${withRedis ? '' : '; Redis unreachable: in-process tiers only'})\n`);
  const servers = { before: await startS3Fixture('s3verless', { atomic: false }), after: await startS3Fixture('s3verless') };
  const variants: Variant[] = [];
  try {
    const setups: Array<[string, Record<string, string>]> = [['in-process tiers', {}]];
    if (withRedis) setups.push(['L1 + Redis + bus', { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `s3v-bench:${process.pid}:${randomBytes(4).toString('hex')}:` }]);
    for (const [label, env] of setups) {
      variants.push(await startVariant(`${label}, before (s3rver store, write-through SET)`, servers.before, env, true));
      variants.push(await startVariant(`${label}, after (atomic store, delete + lease refill)`, servers.after, env, false));
    }
    const random = seededRandom(9);
    const counter = { next: 1_000 };
    for (let r = 0; r < rounds + 1; r++) {
      const order = variants.map((_, i) => variants[(i + r) % variants.length]);
      for (const variant of order) await round(variant, random, counter);
      if (r === 0) for (const v of variants) v.patch.splice(0), v.readAfter.splice(0); // warm-up round
    }
    printTable(
      ['set-up', 'PATCH p50 ms', 'GET after PATCH p50 ms'],
      variants.map((v) => [v.name, median(v.patch).toFixed(2), median(v.readAfter).toFixed(2)]),
    );
    const verdicts: string[] = [];
    for (let i = 0; i < variants.length; i += 2) {
      const [before, after] = [variants[i], variants[i + 1]];
      const ratio = median(after.patch) / median(before.patch);
      const label = before.name.split(',')[0];
      verdicts.push(`${ratio <= 1.5 ? 'PASS' : 'MISS'}  PATCH median after/before (${label}): ${ratio.toFixed(2)}x (target <= 1.5x)`);
      verdicts.push(`INFO  GET right after a PATCH (${label}): ${median(after.readAfter).toFixed(2)} ms after vs ${median(before.readAfter).toFixed(2)} ms before (one S3 GET instead of a cache hit)`);
    }
    return verdicts;
  } finally {
    for (const v of variants) {
      await v.api.caches.data.clear().catch(() => undefined);
      await v.api.close();
    }
    await Promise.all([servers.before.close(), servers.after.close()]);
  }
}
