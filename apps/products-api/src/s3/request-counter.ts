/**
 * Counts the HTTP requests an `S3Client` sends, by command name, so that tests
 * can prove claims like "0 S3 requests on a warm cache".
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { observeS3Requests } from './request-observer';

/** A live view of the requests sent through one client since the last {@link S3RequestCounter.reset}. */
export interface S3RequestCounter {
  /** Every request (each retry attempt counts). */
  readonly total: number;
  /** Requests per command name, e.g. `{ GetObjectCommand: 3, ListObjectsV2Command: 1 }`. */
  readonly byCommand: Readonly<Record<string, number>>;
  /** Requests of one command, e.g. `count('GetObjectCommand')`; `0` when none. */
  count(commandName: string): number;
  /** Sets every count back to zero. */
  reset(): void;
  /** Removes the counting middleware from the client. Idempotent. */
  detach(): void;
}

/**
 * Adds a middleware to `client` that counts every request attempt by command
 * name (it sits after the retry middleware, so retries count too), and returns
 * the live counter.
 *
 * @example
 * ```ts
 * const requests = countS3Requests(client);
 * await repo.scan();
 * requests.reset();
 * await repo.scan();
 * expect(requests.count('GetObjectCommand')).toBe(0);
 * ```
 */
export function countS3Requests(client: S3Client): S3RequestCounter {
  let counts: Record<string, number> = Object.create(null) as Record<string, number>;
  let total = 0;
  const detach = observeS3Requests(client, ({ command }) => {
    counts[command] = (counts[command] ?? 0) + 1;
    total += 1;
  });
  return {
    get total() {
      return total;
    },
    get byCommand() {
      return { ...counts };
    },
    count: (commandName) => counts[commandName] ?? 0,
    reset() {
      counts = Object.create(null) as Record<string, number>;
      total = 0;
    },
    detach,
  };
}
