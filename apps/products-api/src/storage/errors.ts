/**
 * Named errors of the storage layer. Routes map them to HTTP answers with the
 * `status` hint each one carries; their messages are safe to show to a client
 * (no credentials, no endpoint, no bucket).
 */

/**
 * The product changed in S3 between the read a replace was based on and its
 * write: the conditional write (`If-Match` of the ETag read) lost against
 * another writer (HTTP 409). Read again and re-apply the change.
 */
export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
  /** Suggested HTTP status. */
  readonly status = 409;

  constructor(readonly id: string) {
    super(`product ${id} was changed by another writer since it was read`);
  }
}

/** Another product already holds this SKU (HTTP 409). */
export class DuplicateSkuError extends Error {
  override readonly name = 'DuplicateSkuError';
  /** Suggested HTTP status. */
  readonly status = 409;
  /** The SKU that is taken. */
  readonly sku: string;

  constructor(sku: string) {
    super(`sku ${JSON.stringify(sku)} is already used by another product`);
    this.sku = sku;
  }
}

/** Why S3 could not serve a call. */
export type StorageFailureReason =
  | 'unreachable'
  | 'timeout'
  | 'throttled'
  | 'access-denied'
  | 'no-such-bucket'
  | 'credentials'
  | 'bad-response';

/** Details of a {@link StorageUnavailableError}. */
export interface StorageUnavailableDetails {
  readonly reason: StorageFailureReason;
  /** The S3 operation that failed, e.g. `GetObject`. */
  readonly operation: string;
  /** The underlying SDK or network error (for logs, never for clients). */
  readonly cause?: unknown;
}

/**
 * S3 cannot serve the call: unreachable, too slow, throttling, or a bad answer
 * (access denied, missing bucket, 5xx, an unexpected error code).
 *
 * `status` is the suggested HTTP status: `503` when S3 could not be reached in
 * time or asks to slow down (worth retrying later), `502` when it answered
 * something the API cannot work with.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly status: 502 | 503;
  readonly reason: StorageFailureReason;
  readonly operation: string;

  constructor(message: string, details: StorageUnavailableDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = details.reason;
    this.operation = details.operation;
    this.status = details.reason === 'unreachable' || details.reason === 'timeout' || details.reason === 'throttled' ? 503 : 502;
  }
}

/** A product handed to the repository does not match `productSchema` (a programming error). */
export class InvalidProductError extends TypeError {
  override readonly name = 'InvalidProductError';
}

/** A repository option has an unusable value; the message names the option. */
export class StorageOptionError extends TypeError {
  override readonly name = 'StorageOptionError';
  /** The offending option, e.g. `basePath`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}
