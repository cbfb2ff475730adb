import { CacheTimeoutError } from './errors';

/**
 * Settles like `promise`, or rejects with {@link CacheTimeoutError} when it has
 * not settled within `timeoutMs`. The timer is cleared as soon as it settles
 * and never keeps the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CacheTimeoutError(operation, timeoutMs)), timeoutMs);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
