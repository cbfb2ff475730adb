import { performance } from 'node:perf_hooks';

/**
 * A source of time for expiry, in milliseconds. Caches only compare and add
 * its readings, so any origin works; it must never go backwards.
 *
 * Inject one (e.g. `ManualClock` from `@s3verless/cache/testing`) to control
 * time in tests instead of sleeping.
 */
export interface Clock {
  /** The current time in milliseconds. */
  now(): number;
}

/** How long a reading of {@link monotonicClock} is reused, in milliseconds. */
export const MONOTONIC_CLOCK_RESOLUTION_MS = 1;

let cachedNow = 0;

function forgetCachedNow(): void {
  cachedNow = 0;
}

function readNow(): number {
  // performance.now() is monotonic (immune to wall-clock jumps) and > 0 after start.
  const now = performance.now();
  cachedNow = now;
  setTimeout(forgetCachedNow, MONOTONIC_CLOCK_RESOLUTION_MS).unref();
  return now;
}

/**
 * The default clock: monotonic (`performance.now()`), read at most once per
 * {@link MONOTONIC_CLOCK_RESOLUTION_MS} of event-loop time. Reading the clock
 * costs about as much as a `Map.get` on Node 20, so a hot cache path must not
 * read it for every call; the reading is reused until the next timer phase of
 * the event loop. While synchronous code or a chain of microtasks keeps the
 * loop busy, time appears to stand still: entries may outlive their ttl by the
 * length of that busy stretch, never expire early.
 */
export const monotonicClock: Clock = {
  now(): number {
    return cachedNow || readNow();
  },
};
