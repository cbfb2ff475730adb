import { CacheTimeoutError } from './errors';

/**
 * Settles like `promise`, or rejects with {@link CacheTimeoutError} when it has
 * not settled within `timeoutMs`.
 *
 * In-process backends settle within a couple of microtasks, so the timer is
 * armed only when the promise is still pending after two microtask turns:
 * a fast backend pays no timer at all. The timer is cleared as soon as the
 * promise settles and never keeps the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    promise.then(
      (value) => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        reject(error);
      },
    );
    // Promise jobs rather than queueMicrotask, which test fake timers replace.
    void Promise.resolve()
      .then(() => undefined)
      .then(() => {
        if (settled) return;
        timer = setTimeout(() => reject(new CacheTimeoutError(operation, timeoutMs)), timeoutMs);
        timer.unref();
      });
  });
}
