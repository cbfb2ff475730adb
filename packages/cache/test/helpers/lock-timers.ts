/** Lock timers (`RedisCacheOptions.lock.timer`) for tests: none of them lets a test depend on wall time. */
import type { LockTimer } from '@s3verless/cache/redis';
import { deferred, ManualClock, type Deferred } from '@s3verless/cache/testing';
import { performance } from 'node:perf_hooks';

/** A lock timer on a ManualClock: each sleep advances the clock and resolves at once, and is recorded. */
export class InstantTimer implements LockTimer {
  readonly clock = new ManualClock(0);
  readonly sleeps: number[] = [];
  /** Resolved at the first sleep: the caller is waiting on another process's lease. */
  readonly waiting: Deferred<void> = deferred();
  now(): number {
    return this.clock.now();
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.waiting.resolve();
    this.clock.advance(ms);
  }
}

/**
 * A lock timer whose clock never moves and whose sleeps never end: a waiter
 * gets past its first pause only when a signal (a fill or a release of the
 * lease it waits on) wakes it. `lock.wait` is never reached.
 */
export class FrozenTimer implements LockTimer {
  readonly sleeps: number[] = [];
  /** Resolved at the first sleep: the caller is waiting on another process's lease. */
  readonly waiting: Deferred<void> = deferred();
  private readonly reached: Array<{ count: number; done: Deferred<void> }> = [];
  now(): number {
    return 0;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.waiting.resolve();
    for (const { count, done } of this.reached) if (this.sleeps.length >= count) done.resolve();
    return new Promise<void>(() => undefined);
  }
  /**
   * Resolves once `count` pauses began. With the lock's signals, the second
   * one begins after the waiter subscribed to its lease's channel and looked
   * again: from then on, only a message can wake it.
   */
  sleepsBegun(count: number): Promise<void> {
    const done = deferred();
    if (this.sleeps.length >= count) done.resolve();
    else this.reached.push({ count, done });
    return done.promise;
  }
}

/** Real timers, plus a signal at the first sleep. */
export function signallingRealTimer(): LockTimer & { waiting: Deferred<void> } {
  const waiting = deferred();
  return {
    waiting,
    now: () => performance.now(),
    sleep: (ms) => {
      waiting.resolve();
      return new Promise((resolve) => setTimeout(resolve, ms).unref());
    },
  };
}
