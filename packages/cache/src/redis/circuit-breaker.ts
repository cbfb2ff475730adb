import type { Clock } from '../clock';

/** The state of a {@link CircuitBreaker}. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What {@link CircuitBreaker.admit} grants: an ordinary call, or the one trial call of a half-open breaker. */
export type BreakerTicket = 'call' | 'trial';

/** Settings of a {@link CircuitBreaker}. */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the breaker (a positive integer). */
  readonly failureThreshold: number;
  /** Milliseconds the breaker stays open before it lets one trial call through. */
  readonly cooldownMs: number;
  /** Time source for the cooldown (inject a `ManualClock` in tests). */
  readonly clock: Clock;
}

/**
 * A circuit breaker: after `failureThreshold` consecutive failures it opens,
 * and while open {@link admit} refuses every call at once (no network, no
 * timer) for `cooldownMs`. Then it is half-open: it admits exactly one trial
 * call. The trial's success closes the breaker; its failure opens it again for
 * another cooldown. Calls that arrive while the trial runs are refused.
 *
 * The breaker does not run calls itself: the caller asks {@link admit}, then
 * reports the outcome with {@link succeed} or {@link fail}, passing the ticket
 * it was given (so that a late failure of a call admitted before the breaker
 * opened is not mistaken for the trial's).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';
  private trialRunning = false;

  constructor(private readonly settings: CircuitBreakerSettings) {}

  /** The state now (an open breaker whose cooldown is over reads as `half-open`). */
  get state(): BreakerState {
    if (this.current === 'open' && this.cooldownLeft() === 0) return 'half-open';
    return this.current;
  }

  /** Consecutive failures counted so far (reset by a success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Whether a call may go ahead now: `'call'` while closed, `'trial'` for the
   * single trial call once the cooldown is over, `undefined` (refused)
   * otherwise. An admitted call must be followed by {@link succeed} or
   * {@link fail} with that answer.
   */
  admit(): BreakerTicket | undefined {
    if (this.current === 'closed') return 'call';
    if (this.trialRunning || this.cooldownLeft() > 0) return undefined;
    this.current = 'half-open';
    this.trialRunning = true;
    return 'trial';
  }

  /** Milliseconds until an open breaker admits its trial call (0 when it would admit now). */
  cooldownLeft(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.openedAt + this.settings.cooldownMs - this.settings.clock.now());
  }

  /** Reports an admitted call that succeeded. A successful trial closes the breaker. */
  succeed(ticket: BreakerTicket): void {
    if (ticket === 'trial') {
      this.trialRunning = false;
      this.current = 'closed';
    }
    // A call admitted before the breaker opened proves little about now: only a closed breaker resets.
    if (this.current === 'closed') this.failures = 0;
  }

  /**
   * Reports an admitted call that failed. A failed trial opens the breaker for
   * another cooldown; the `failureThreshold`-th consecutive failure of a closed
   * breaker opens it. Failures of calls admitted before it opened change nothing.
   */
  fail(ticket: BreakerTicket): void {
    if (ticket === 'trial') {
      this.trialRunning = false;
      this.open();
    } else if (this.current === 'closed' && ++this.failures >= this.settings.failureThreshold) {
      this.open();
    }
  }

  private open(): void {
    this.current = 'open';
    this.openedAt = this.settings.clock.now();
  }
}
