import type { Redis } from 'ioredis';
import { InvalidOptionError } from '../errors';
import { assertKnownOptions, describe } from '../validate';
import { milliseconds } from './options';

const DEFAULT_CHANNEL = 's3v:invalidate';

/** Options of {@link RedisInvalidationBus}. Durations in milliseconds. */
export interface RedisInvalidationBusOptions {
  /**
   * An ioredis connection to copy: the bus opens two connections of its own
   * with `client.duplicate()` (one to publish, one to subscribe) and closes
   * them in `close()`; `client` itself is neither used nor closed. Give either
   * `client` or `url`.
   */
  readonly client?: Redis;
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`, for the two connections the bus opens. */
  readonly url?: string;
  /** The pub/sub channel; every instance of a service must use the same one. Default `'s3v:invalidate'`. */
  readonly channel?: string;
  /** How long a publish may take before it fails (ioredis `commandTimeout` of the publisher). Default 500. */
  readonly publishTimeout?: number;
  /** How long establishing a connection may take (with `url` only). Default 1000. */
  readonly connectTimeout?: number;
  /**
   * Milliseconds between `PING`s on the subscriber connection. A `PING` still
   * unanswered at the next one means the connection is dead although no error
   * said so (a half-open TCP connection, a hung server): the bus then reports
   * itself disconnected (the cache clears its local tiers) and reconnects. So a
   * silent loss of the connection is noticed within two intervals. `null`
   * disables it (detection is then left to TCP). Default 1000.
   */
  readonly heartbeatInterval?: number | null;
  /** Called with every connection error of either connection (after counting it). Default: none. */
  readonly onError?: (error: unknown) => void;
}

/** Validated settings of a {@link RedisInvalidationBus}. */
export interface RedisBusSettings {
  client: Redis | undefined;
  url: string | undefined;
  channel: string;
  publishTimeout: number;
  connectTimeout: number;
  /** Milliseconds, or `null` for no heartbeat. */
  heartbeatInterval: number | null;
  onError: RedisInvalidationBusOptions['onError'];
}

/** Checks every option and fills in the defaults; throws `InvalidOptionError` saying what is accepted. */
export function resolveRedisBusOptions(options: RedisInvalidationBusOptions): RedisBusSettings {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', 'RedisInvalidationBus needs an options object with a url or a client');
  }
  assertKnownOptions(options, ['client', 'url', 'channel', 'publishTimeout', 'connectTimeout', 'heartbeatInterval', 'onError'], 'RedisInvalidationBus');
  const { client, url, channel = DEFAULT_CHANNEL, onError } = options;
  if ((client === undefined) === (url === undefined)) {
    throw new InvalidOptionError('url', 'RedisInvalidationBus needs either url (e.g. "redis://127.0.0.1:6379") or client (an ioredis Redis instance to duplicate), not both');
  }
  if (client !== undefined && typeof (client as Partial<Redis>).duplicate !== 'function') {
    throw new InvalidOptionError('client', `must be an ioredis Redis instance (new Redis(...) from "ioredis"); got ${describe(client)}`);
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw new InvalidOptionError('url', `must be a "redis://" or "rediss://" URL; got ${describe(url)}`);
  }
  if (client !== undefined && options.connectTimeout !== undefined) {
    throw new InvalidOptionError('connectTimeout', 'applies only to the connections opened from url; the duplicates of client keep its settings');
  }
  if (typeof channel !== 'string' || channel === '') {
    throw new InvalidOptionError('channel', `must be a non-empty string shared by every instance; got ${describe(channel)}`);
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidOptionError('onError', `must be a function (error) => void; got ${describe(onError)}`);
  }
  return {
    client, url, channel, onError,
    publishTimeout: milliseconds(options.publishTimeout, 500, 'publishTimeout'),
    connectTimeout: milliseconds(options.connectTimeout, 1000, 'connectTimeout'),
    heartbeatInterval: options.heartbeatInterval === null ? null : milliseconds(options.heartbeatInterval, 1000, 'heartbeatInterval'),
  };
}
