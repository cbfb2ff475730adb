
/** Keys per Lua script call in the batch operations (a script holds Redis while it runs). */
export const BATCH = 500;

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
