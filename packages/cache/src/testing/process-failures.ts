/**
 * Records the process's unhandled rejections and uncaught exceptions while a
 * test runs, so that a test can assert that a misbehaving backend crashed
 * nothing. `install()` in `beforeAll`, `uninstall()` in `afterAll`; `settle()`
 * lets the work that goes on after a call (a backend write) run first.
 *
 * @example
 * ```ts
 * const failures = new ProcessFailures();
 * beforeAll(() => failures.install());
 * afterAll(() => failures.uninstall());
 * it('crashes nothing', async () => {
 *   await somethingWithABrokenBackend();
 *   await failures.settle();
 *   expect(failures.take()).toEqual([]);
 * });
 * ```
 */
export class ProcessFailures {
  /** What was seen so far, one line each (`unhandledRejection: TypeError: ...`). */
  readonly seen: string[] = [];
  private readonly onRejection = (reason: unknown) => this.seen.push(`unhandledRejection: ${describe(reason)}`);
  private readonly onException = (error: unknown) => this.seen.push(`uncaughtException: ${describe(error)}`);

  /** Starts listening to the process. */
  install(): void {
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
  }

  /** Stops listening. */
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
