/**
 * Per-key async mutual exclusion inside one process: the guard that makes SKU
 * reservations atomic where S3 conditional writes are not enforced (s3rver).
 */

/** Releases a lock taken with {@link KeyedMutex.lock}. Idempotent. */
export type Release = () => void;

/**
 * FIFO locks by string key. Holding several keys: take them through
 * {@link KeyedMutex.lockAll}, which sorts them, so two holders never wait on
 * each other in a cycle. Entries are removed when nobody holds or waits.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits until `key` is free, takes it and resolves to its release function. */
  async lock(key: string): Promise<Release> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous === undefined ? held : previous.then(() => held);
    this.tails.set(key, tail);
    if (previous !== undefined) await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Takes every key (duplicates ignored) in sorted order; resolves to one release for all. */
  async lockAll(keys: Iterable<string>): Promise<Release> {
    const releases: Release[] = [];
    for (const key of [...new Set(keys)].sort()) releases.push(await this.lock(key));
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** Runs `task` while holding every key of `keys`. */
  async run<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T> {
    const release = await this.lockAll(keys);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Keys currently held or awaited (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
