import { performance } from 'node:perf_hooks';

/** Time and pauses for the polling of `getOrSet` with `lock.enabled`; injectable for tests. */
export interface LockTimer {
  /** Milliseconds from any origin; never goes backwards. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** Real time: `performance.now()` and `setTimeout` timers that never keep the process alive. */
export const realLockTimer: LockTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
};

/** The first pause between two polls, in milliseconds (then doubled up to the poll interval). */
export const FIRST_POLL_MS = 5;

/** What one look at a key whose lease another process holds finds. */
export type Peek<T> =
  | { readonly kind: 'value'; readonly value: T }
  /** The lease still holds: keep waiting. */
  | { readonly kind: 'held' }
  /** The lease is gone without a value (its holder released it or crashed, or a write revoked it). */
  | { readonly kind: 'gone' };

/** What wakes a waiter before its pause ends (the lease's signals, see lease-signals.ts). */
export interface Wakeup {
  /** Called just before each look: from then on, a signal makes {@link next} resolve. */
  mark(): void;
  /** Resolves at the first signal since the last {@link mark} (at once if one came already). Never rejects. */
  next(): Promise<void>;
}

/**
 * Looks at a key with `peek` until the holder of its lease stored a value
 * (`value`), the lease disappeared without one (`gone`), or `deadline` (a
 * reading of `timer`) passed (`timeout`). Pauses between looks start at
 * {@link FIRST_POLL_MS} and double up to `maxPauseMs`, never past the deadline;
 * a signal of `wakeup` ends a pause early, and one that came during a look
 * ends the next pause at once.
 */
export async function pollForValue<T>(
  peek: () => Promise<Peek<T>>,
  deadline: number,
  maxPauseMs: number,
  timer: LockTimer,
  wakeup?: Wakeup,
): Promise<Peek<T> | { readonly kind: 'timeout' }> {
  let pause = Math.min(FIRST_POLL_MS, maxPauseMs);
  for (;;) {
    const left = deadline - timer.now();
    if (left <= 0) return { kind: 'timeout' };
    const sleep = timer.sleep(Math.min(pause, left));
    await (wakeup === undefined ? sleep : Promise.race([sleep, wakeup.next()]));
    wakeup?.mark();
    const seen = await peek();
    if (seen.kind !== 'held') return seen;
    pause = Math.min(pause * 2, maxPauseMs);
  }
}
