import { CacheTimeoutError, CacheUnavailableError } from '../errors';
import { withTimeout } from '../timeout';
import type { CircuitBreaker } from './circuit-breaker';
import type { RedisErrorEvent } from './options';

/** Counters of failed and refused Redis commands. */
export interface GuardCounters {
  /** Commands that failed (timeouts included). */
  readonly errors: number;
  /** Commands that did not answer within `operationTimeout`. */
  readonly timeouts: number;
  /** Calls refused without touching the network because the circuit breaker was open. */
  readonly rejected: number;
}

/**
 * Runs every Redis command of a `RedisCache` behind its circuit breaker and
 * its per-command timeout, and turns failures into named errors:
 *
 * - breaker open: {@link CacheUnavailableError} (`breakerOpen: true`) at once;
 * - no answer in time: {@link CacheTimeoutError};
 * - connection failure: {@link CacheUnavailableError} with the ioredis error as `cause`;
 * - an error reply from Redis (`ReplyError`): passed on as it is; it shows that
 *   Redis answers, so it does not count against the breaker.
 *
 * Failures are counted and reported to `onError`.
 */
export class RedisGuard {
  private counters = { errors: 0, timeouts: 0, rejected: 0 };
  private closed = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly timeoutMs: number,
    private readonly onError: ((error: unknown, event: RedisErrorEvent) => void) | undefined,
  ) {}

  /** Makes commands wait for `attempt` (the first connection attempt) before they are sent. */
  waitFor(attempt: Promise<void>): void {
    this.starting = attempt.finally(() => {
      this.starting = undefined;
    });
  }

  /** From now on every call fails with {@link CacheUnavailableError} ("closed"). */
  close(): void {
    this.closed = true;
  }

  get stats(): GuardCounters {
    return { ...this.counters };
  }

  /** Runs one Redis command (`call`) for `operation`; see the class comment for what can fail. */
  async run<T>(operation: string, subject: string | undefined, call: () => Promise<T>): Promise<T> {
    if (this.closed) throw new CacheUnavailableError(operation, 'the cache is closed');
    const ticket = this.breaker.admit();
    if (ticket === undefined) {
      this.counters.rejected++;
      throw new CacheUnavailableError(
        operation,
        `Redis is unavailable (circuit breaker open after ${this.breaker.consecutiveFailures} consecutive failures; ` +
          `next attempt in ${Math.ceil(this.breaker.cooldownLeft())} ms)`,
        { breakerOpen: true },
      );
    }
    try {
      if (this.starting !== undefined) await this.starting;
      const result = await withTimeout(call(), this.timeoutMs, operation);
      this.breaker.succeed(ticket);
      return result;
    } catch (error) {
      const answered = isReplyError(error);
      if (answered) this.breaker.succeed(ticket);
      else this.breaker.fail(ticket);
      const failure =
        answered || error instanceof CacheTimeoutError
          ? error
          : new CacheUnavailableError(operation, `Redis error: ${(error as Error)?.message ?? String(error)}`, { cause: error });
      this.counters.errors++;
      if (error instanceof CacheTimeoutError) this.counters.timeouts++;
      this.report(failure, { operation, subject });
      throw failure;
    }
  }

  /** Reports an error that is not a command's (the connection's `'error'` events). */
  report(error: unknown, event: RedisErrorEvent): void {
    try {
      this.onError?.(error, event);
    } catch (hookError) {
      process.emitWarning(`RedisCache onError hook threw: ${String(hookError)}`, 'S3verlessCacheWarning');
    }
  }
}

/** An error reply from the Redis server (ioredis `ReplyError`), as opposed to a transport failure. */
function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}
