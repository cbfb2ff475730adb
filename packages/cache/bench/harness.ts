/**
 * Measurement helpers for the benchmarks: interleaved rounds, medians, and
 * tables. Benchmarks report ratios against a reference measured in the same
 * run, never absolute timings in tests.
 */

/** One contender: a name, an unmeasured setup, and a measured run. */
export interface Contender {
  readonly name: string;
  /** Prepares a round (fresh cache, prefill); not measured. */
  setup?(): unknown;
  /** Runs one measured round; resolves to the number of operations performed. */
  run(): Promise<number>;
}

/** Median of the ops/s of each contender over `rounds` interleaved rounds. */
export async function measureInterleaved(
  contenders: readonly Contender[],
  rounds: number,
  warmupRounds = 1,
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    // Rotate the order so no contender always runs first (cold caches, GC debt).
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const contender of order) {
      await contender.setup?.();
      global.gc?.();
      const start = process.hrtime.bigint();
      const ops = await contender.run();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (round >= warmupRounds) samples.get(contender.name)?.push(ops / seconds);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Formats a number of operations per second (e.g. `12.3 M`). */
export function formatRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

/** Prints a Markdown table. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((row) => console.log(line(row)));
}

/** A line saying whether a ratio target was met. */
export function verdict(label: string, ratio: number, target: number): string {
  return `${ratio >= target ? 'PASS' : 'MISS'}  ${label}: ${ratio.toFixed(2)}x (target >= ${target}x)`;
}

/** Deterministic PRNG (mulberry32) so every run measures the same streams. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
