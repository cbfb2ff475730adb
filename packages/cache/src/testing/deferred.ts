/** A promise with its resolve/reject exposed, to order concurrent steps in tests without sleeping. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  /** Fulfils {@link Deferred.promise} with `value`. */
  resolve(value: T): void;
  /** Rejects {@link Deferred.promise} with `error`. */
  reject(error: unknown): void;
}

/** Creates a {@link Deferred}: a pending promise and the functions that settle it. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and promise continuation run. */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
