/** The workload's seeded PRNG: its choices are reproducible from `--seed`. */
import { seededRandom } from '../../../../packages/cache/bench/harness';

export type Random = () => number;

/** Random numbers in [0, 1) from a 32-bit seed (mulberry32, shared with the benchmarks). */
export const mulberry32: (seed: number) => Random = seededRandom;

/** An integer in [0, n). */
export function below(random: Random, n: number): number {
  return Math.floor(random() * n);
}
