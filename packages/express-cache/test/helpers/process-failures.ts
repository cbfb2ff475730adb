/**
 * Records the process's unhandled rejections and uncaught exceptions while a
 * test runs, so that a test can assert that a misbehaving backend crashed
 * nothing. `install()` in `beforeAll`, `uninstall()` in `afterAll`; `settle()`
 * lets the work that goes on after a response (a backend write) run first.
 */
export class ProcessFailures {
  readonly seen: string[] = [];
  private readonly onRejection = (reason: unknown) => this.seen.push(`unhandledRejection: ${describe(reason)}`);
  private readonly onException = (error: unknown) => this.seen.push(`uncaughtException: ${describe(error)}`);

  install(): void {
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
  }

  uninstall(): void {
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtException', this.onException);
  }

  /** Lets pending promise jobs and I/O callbacks run (a few event-loop turns, no timer). */
  async settle(turns = 3): Promise<void> {
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Empties the record and returns what it held. */
  take(): string[] {
    return this.seen.splice(0);
  }
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
