import type { CacheStats } from '@s3verless/cache';

/** Anything with `stats()`: a single backend or a `CompositeCache` (`{ tiers: [...] }`). */
export interface TierSource {
  stats(): CacheStats | object;
}

/** One tier's numbers, labelled for Prometheus. */
export interface TierSample {
  readonly labels: { cache: string; tier: string; type: string };
  readonly hits: number;
  readonly misses: number;
  readonly failures: number;
  readonly evictions: number;
  readonly entries: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Flattens the stats of named caches into one sample per tier (a plain backend is tier 0). */
export function tierSamples(caches: Readonly<Record<string, TierSource>>): TierSample[] {
  const samples: TierSample[] = [];
  for (const [cache, source] of Object.entries(caches)) {
    const stats = source.stats() as { tiers?: Array<Record<string, unknown>> } & Record<string, unknown>;
    const tiers = Array.isArray(stats.tiers) ? stats.tiers : [{ type: source.constructor.name, ...stats }];
    tiers.forEach((tier, index) =>
      samples.push({
        labels: { cache, tier: String(index), type: String(tier.type ?? 'unknown') },
        hits: num(tier.hits),
        misses: num(tier.misses),
        failures: num(tier.failures),
        evictions: num(tier.evictions),
        entries: num(tier.size),
      }),
    );
  }
  return samples;
}
