/** Waits until `count()` reaches `target`, letting I/O run between checks (no timers). */
export async function until(count: () => number, target: number): Promise<void> {
  while (count() < target) await new Promise((resolve) => setImmediate(resolve));
}

/** Lets requests that arrived reach their waiting point (a few event-loop turns, no timers). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
