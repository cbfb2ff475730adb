import type { Redis } from 'ioredis';
import type { Wakeup } from './lock-wait';

/** A watch on one lease's channel, held by a process waiting on that lease (see {@link LeaseSignals}). */
export interface LeaseWatch extends Wakeup {
  /** Ends the watch (unsubscribes when it was the channel's last). Idempotent. */
  stop(): void;
}

/**
 * Signals are a message on the channel (the lease was filled or released) or
 * the subscription becoming active (whatever happened before it must be
 * looked up). One that comes while nobody waits is kept until the next
 * {@link mark}: a waiter that was looking when it came looks again at once.
 */
class Watch implements LeaseWatch {
  private signalled = false;
  private waiting: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(private readonly onStop: (watch: Watch) => void) {}

  signal(): void {
    this.signalled = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve();
  }

  mark(): void {
    this.signalled = false;
  }

  next(): Promise<void> {
    if (this.signalled) return Promise.resolve();
    if (this.waiting === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  stop(): void {
    this.onStop(this);
  }
}

/** A channel subscribed for the watches of this process. */
interface Channel {
  readonly bytes: Buffer;
  readonly watches: Set<Watch>;
}

/**
 * Wakes the processes that wait on a lease (`lock.enabled`) as soon as it
 * ends, instead of at their next poll: the Lua scripts that fill or release a
 * lease `PUBLISH` an empty message on a channel named by the lease key's bytes
 * (scripts.ts), and this subscribes to the channels of the leases this
 * process waits on, over one connection of its own (opened by `open` at the
 * first watch, in subscriber mode). A channel is subscribed while at least one
 * watch holds it.
 *
 * Pub/sub delivers at most once, so the waiters keep polling (lock-wait.ts):
 * a signal only makes the next look come sooner. A watch is also signalled
 * when its subscription becomes active (after a reconnection too), so the
 * waiter looks once more and misses nothing that happened before it.
 * Failures (no connection, a failed `SUBSCRIBE`) are reported by the
 * connection's own `'error'` listener, if any; waiters then rely on polling.
 */
export class LeaseSignals {
  private connection: Redis | undefined;
  private readonly channels = new Map<string, Channel>();
  private closed = false;

  /** @param open opens the subscriber connection (with an `'error'` listener attached) */
  constructor(private readonly open: () => Redis) {}

  /** Number of channels subscribed (or being subscribed) now. */
  get watched(): number {
    return this.channels.size;
  }

  /** Watches the channel `bytes` (a lease key). Stop the watch when done waiting. */
  watch(bytes: Buffer): LeaseWatch {
    const id = bytes.toString('latin1');
    const watch = new Watch((w) => this.unwatch(id, w));
    if (this.closed) return watch;
    let channel = this.channels.get(id);
    if (channel === undefined) {
      channel = { bytes, watches: new Set() };
      this.channels.set(id, channel);
      channel.watches.add(watch);
      this.subscribe([channel]);
    } else {
      channel.watches.add(watch);
    }
    return watch;
  }

  /** Closes the connection; later watches are never signalled. Idempotent. */
  close(): void {
    this.closed = true;
    this.channels.clear();
    this.connection?.disconnect();
  }

  private unwatch(id: string, watch: Watch): void {
    const channel = this.channels.get(id);
    if (channel === undefined || !channel.watches.delete(watch) || channel.watches.size > 0) return;
    this.channels.delete(id);
    if (this.connection?.status === 'ready') this.connection.unsubscribe(channel.bytes).catch(() => undefined);
  }

  /** Subscribes `channels` now if connected (else the `'ready'` handler will), then signals their watches. */
  private subscribe(channels: readonly Channel[]): void {
    const connection = this.connect();
    if (connection.status !== 'ready' || channels.length === 0) return;
    connection.subscribe(...channels.map((c) => c.bytes)).then(
      () => {
        for (const channel of channels) for (const watch of channel.watches) watch.signal();
      },
      () => undefined, // reported by the connection's listener; the waiters poll
    );
  }

  private connect(): Redis {
    if (this.connection !== undefined) return this.connection;
    const connection = this.open();
    this.connection = connection;
    // Also after a reconnection: subscriptions do not survive it (no autoResubscribe).
    connection.on('ready', () => this.subscribe([...this.channels.values()]));
    connection.on('messageBuffer', (bytes: Buffer) => {
      const channel = this.channels.get(bytes.toString('latin1'));
      if (channel !== undefined) for (const watch of channel.watches) watch.signal();
    });
    return connection;
  }
}
