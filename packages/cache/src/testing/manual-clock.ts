import type { Clock } from '../clock';

/**
 * A clock that moves only when told to, for tests that check expiry without
 * sleeping: `new LRUCache({ clock })`, then `clock.advanceSeconds(301)`.
 */
export class ManualClock implements Clock {
  private current: number;

  /** @param start the initial reading in milliseconds (default 1,000,000) */
  constructor(start = 1_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` milliseconds (never backwards). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.current += ms;
  }

  /** Moves time forward by `seconds`. */
  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }
}
