/** Bounded concurrency for batches of S3 calls (a tiny `p-limit`, CommonJS-friendly). */

/** Runs a task when a slot is free; resolves or rejects with the task's outcome. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limiter allowing at most `concurrency` tasks at once, started in call order.
 * @throws RangeError unless `concurrency` is a positive integer.
 */
export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  const next = (): void => {
    active -= 1;
    queue.shift()?.();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active += 1;
        let running: Promise<T>;
        try {
          running = task();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(resolve, reject).finally(next);
      };
      if (active < concurrency) start();
      else queue.push(start);
    });
}
