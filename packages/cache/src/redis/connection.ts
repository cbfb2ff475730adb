import { Redis } from 'ioredis';

/** Longest pause between two reconnection attempts of an owned connection, in milliseconds. */
export const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Opens the connection `RedisCache` owns (created from `url`), set up to fail
 * fast rather than to wait:
 *
 * - no offline queue: a command sent while disconnected fails at once;
 * - one retry per command, a bounded connect timeout;
 * - reconnection after 50, 100, 200, ... ms, at most {@link MAX_RECONNECT_DELAY_MS};
 * - an `'error'` listener (ioredis emits one per failed reconnection), so an
 *   error is reported, never unhandled.
 */
export function openConnection(url: string, connectTimeoutMs: number, onError: (error: unknown) => void): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), MAX_RECONNECT_DELAY_MS),
  });
  client.on('error', onError);
  return client;
}

/**
 * Resolves once the first connection attempt of `client` is over: it is
 * ready, or it failed (an `'error'`, `'close'` or `'end'` event). Never
 * rejects. Commands sent before that would fail for want of an offline queue;
 * commands sent after it fail fast while the connection is down.
 */
export function firstConnectionAttempt(client: Redis): Promise<void> {
  if (client.status === 'ready' || client.status === 'end') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const events = ['ready', 'error', 'close', 'end'] as const;
    const done = (): void => {
      for (const event of events) client.off(event, done);
      resolve();
    };
    for (const event of events) client.on(event, done);
  });
}
