import { seededRandom } from './harness';

/** `count` distinct keys shaped like the API's (`s3v:model:Product:<n>`). */
export function makeKeys(count: number, prefix = 's3v:model:Product:'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** A random permutation of `0..count-1` repeated to `length` indices. */
export function uniformIndices(count: number, length: number, seed = 1): Int32Array {
  const random = seededRandom(seed);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * count);
  return out;
}

/** A stream of operations over `universe` keys with Zipf(s) popularity. */
export interface ZipfStream {
  /** Key index of each operation. */
  readonly keys: Int32Array;
  /** 1 for a set, 0 for a get. */
  readonly isSet: Uint8Array;
}

/**
 * `length` operations: a key drawn from Zipf(`s`) over `universe` ranks (rank
 * r has weight 1/r^s; ranks are shuffled onto key indices), and a set with
 * probability `setRatio`, else a get.
 */
export function zipfStream(universe: number, length: number, s: number, setRatio: number, seed = 7): ZipfStream {
  const random = seededRandom(seed);
  const cdf = new Float64Array(universe);
  let total = 0;
  for (let r = 0; r < universe; r++) {
    total += 1 / Math.pow(r + 1, s);
    cdf[r] = total;
  }
  const rankToKey = Int32Array.from({ length: universe }, (_, i) => i);
  for (let i = universe - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rankToKey[i], rankToKey[j]] = [rankToKey[j], rankToKey[i]];
  }
  const keys = new Int32Array(length);
  const isSet = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const target = random() * total;
    let lo = 0;
    let hi = universe - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    keys[i] = rankToKey[lo];
    isSet[i] = random() < setRatio ? 1 : 0;
  }
  return { keys, isSet };
}
