import { Redis, type RedisOptions } from 'ioredis';
import {
  BusSubscribers,
  encodeBusMessage,
  type InvalidationBus,
  type InvalidationBusHandlers,
  type InvalidationMessage,
} from '../bus/invalidation-bus';
import { InvalidationBusError } from '../errors';
import { resolveRedisBusOptions, type RedisInvalidationBusOptions } from './redis-bus-options';

export type { RedisInvalidationBusOptions } from './redis-bus-options';

/** `stats()` of a {@link RedisInvalidationBus}. */
export type RedisInvalidationBusStats = {
  readonly channel: string;
  readonly connected: boolean;
  readonly published: number;
  readonly publishFailures: number;
  /** Messages received on the channel (this process's own included, malformed included). */
  readonly received: number;
  readonly malformed: number;
  readonly connectionErrors: number;
  /** Times a heartbeat `PING` went unanswered and the subscriber was reconnected. */
  readonly heartbeatFailures: number;
};

/**
 * An {@link InvalidationBus} over Redis pub/sub (`PUBLISH` / `SUBSCRIBE` on one
 * channel), with one connection to publish and one to subscribe. Messages are
 * JSON with a version field; malformed ones are dropped and counted.
 *
 * - Publishing never queues: the publisher has ioredis's offline queue off, so
 *   a publish while Redis is unreachable fails at once (and one that takes
 *   longer than `publishTimeout` fails then), and the cache can report it.
 * - `connected` is true while both connections are ready and the channel is
 *   subscribed. Subscribers are told of every change (`connection` handler);
 *   after a reconnection the bus subscribes again by itself.
 * - A heartbeat (`PING` on the subscriber every `heartbeatInterval`, default
 *   1 s) notices a connection that died silently (half-open TCP, hung server)
 *   within two intervals, reports it as a disconnection and reconnects.
 * - Delivery is at most once, as Redis pub/sub is: messages published while
 *   this instance was disconnected are lost for it (the cache clears its local
 *   tiers on both transitions for that reason).
 *
 * @example
 * ```ts
 * const bus = new RedisInvalidationBus({ url: 'redis://127.0.0.1:6379', channel: 'myapp:invalidate' });
 * const cache = new CompositeCache([l1, redisCache], { bus: { transport: bus } });
 * ```
 */
export class RedisInvalidationBus implements InvalidationBus {
  readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly subscribers = new BusSubscribers();
  private readonly onError: RedisInvalidationBusOptions['onError'];
  private publisherReady = false;
  private subscribed = false;
  private state = false;
  private closed = false;
  private waiters: Array<() => void> = [];
  private counters = { published: 0, publishFailures: 0, received: 0, malformed: 0, connectionErrors: 0, heartbeatFailures: 0 };
  private heartbeat: NodeJS.Timeout | undefined;
  /** The heartbeat PING awaiting its answer, if any. */
  private unanswered: object | undefined;

  constructor(options: RedisInvalidationBusOptions) {
    const settings = resolveRedisBusOptions(options);
    this.channel = settings.channel;
    this.onError = settings.onError;
    const common: Partial<RedisOptions> = { lazyConnect: false };
    const publisherOptions: Partial<RedisOptions> = {
      ...common, enableOfflineQueue: false, commandTimeout: settings.publishTimeout, maxRetriesPerRequest: 0,
      connectionName: connectionName('s3v-bus-pub', settings.channel),
    };
    const subscriberOptions: Partial<RedisOptions> = {
      ...common, autoResubscribe: false, connectionName: connectionName('s3v-bus-sub', settings.channel),
    };
    const open = (extra: Partial<RedisOptions>): Redis =>
      settings.client !== undefined
        ? settings.client.duplicate(extra)
        : new Redis(settings.url as string, {
            connectTimeout: settings.connectTimeout,
            retryStrategy: (times) => Math.min(50 * 2 ** times, 1000),
            // Nothing to flush when a bus connection is dropped: do not keep a process alive 2 s for it.
            disconnectTimeout: 200,
            ...extra,
          });
    this.publisher = open(publisherOptions);
    this.subscriber = open(subscriberOptions);
    this.wire();
    const interval = settings.heartbeatInterval;
    if (interval !== null) {
      this.heartbeat = setInterval(() => this.beat(interval), interval);
      this.heartbeat.unref();
    }
  }

  get connected(): boolean {
    return this.state;
  }

  async publish(message: InvalidationMessage): Promise<void> {
    if (this.closed) throw new InvalidationBusError('RedisInvalidationBus: publish after close()');
    try {
      await this.publisher.publish(this.channel, encodeBusMessage(message));
      this.counters.published++;
    } catch (error) {
      this.counters.publishFailures++;
      throw error;
    }
  }

  subscribe(handlers: InvalidationBusHandlers): () => void {
    return this.subscribers.add(handlers);
  }

  /**
   * Resolves once the bus is connected (both connections ready, channel
   * subscribed); rejects with {@link InvalidationBusError} after `timeoutMs`.
   */
  ready(timeoutMs = 5000): Promise<void> {
    if (this.state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new InvalidationBusError(`RedisInvalidationBus: not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** Counters and connection state of this bus (see {@link RedisInvalidationBusStats}). */
  stats(): RedisInvalidationBusStats {
    return { channel: this.channel, connected: this.state, ...this.counters };
  }

  /** Closes both connections (the `client` given, if any, stays open). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.subscribers.clear();
    this.update();
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
  }

  private wire(): void {
    const { publisher, subscriber } = this;
    publisher.on('ready', () => {
      this.publisherReady = true;
      this.update();
    });
    subscriber.on('ready', () => {
      // autoResubscribe is off: subscribe on every (re)connection, and count as connected only once it is confirmed.
      subscriber.subscribe(this.channel).then(
        () => {
          this.subscribed = subscriber.status === 'ready';
          this.update();
        },
        (error: unknown) => this.connectionError(error),
      );
    });
    const publisherDown = (): void => {
      this.publisherReady = false;
      this.update();
    };
    const subscriberDown = (): void => {
      this.subscribed = false;
      this.update();
    };
    for (const [connection, down] of [[publisher, publisherDown], [subscriber, subscriberDown]] as const) {
      connection.on('error', (error: unknown) => this.connectionError(error));
      connection.on('close', down);
      connection.on('end', down);
    }
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel || this.closed) return;
      this.counters.received++;
      if (!this.subscribers.deliver(text)) this.counters.malformed++;
    });
  }

  /** Recomputes `connected` and tells the subscribers when it changed. */
  private update(): void {
    const connected = !this.closed && this.publisherReady && this.subscribed;
    if (connected === this.state) return;
    this.state = connected;
    if (connected) for (const waiter of this.waiters.splice(0)) waiter();
    this.subscribers.connection(connected);
  }

  /**
   * One heartbeat: the previous PING must have been answered by now, else the
   * subscriber connection is dead without having said so. The verdict waits for
   * `setImmediate`, after the event loop has read the sockets, so that an answer
   * already received while the loop was busy is not mistaken for silence.
   */
  private beat(intervalMs: number): void {
    if (!this.subscribed) {
      this.unanswered = undefined;
      return;
    }
    const pending = this.unanswered;
    if (pending === undefined) {
      const token = {};
      this.unanswered = token;
      this.subscriber.ping().then(
        () => {
          if (this.unanswered === token) this.unanswered = undefined;
        },
        () => undefined,
      );
      return;
    }
    setImmediate(() => {
      if (this.unanswered !== pending || this.closed) return;
      this.unanswered = undefined;
      this.counters.heartbeatFailures++;
      this.connectionError(new InvalidationBusError(`RedisInvalidationBus: PING unanswered for ${intervalMs} ms; reconnecting`));
      this.subscribed = false;
      this.update();
      this.subscriber.disconnect(true);
    });
  }

  private connectionError(error: unknown): void {
    this.counters.connectionErrors++;
    try {
      this.onError?.(error);
    } catch (hookError) {
      process.emitWarning(`RedisInvalidationBus onError hook threw: ${String(hookError)}`, 'S3verlessCacheWarning');
    }
  }
}

/** A `CLIENT SETNAME` name (no spaces allowed) that tells which bus a connection belongs to in `CLIENT LIST`. */
function connectionName(role: string, channel: string): string {
  return `${role}:${channel.replace(/[^\w:.-]/g, '_').slice(0, 100)}`;
}

async function quit(connection: Redis): Promise<void> {
  try {
    if (connection.status === 'ready') await connection.quit();
    else connection.disconnect();
  } catch {
    connection.disconnect();
  }
}
