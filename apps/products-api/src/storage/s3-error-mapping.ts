/**
 * Classifies errors thrown by `S3Client.send` and turns the ones the storage
 * layer does not handle itself into {@link StorageUnavailableError}.
 */
import { type StorageFailureReason, StorageUnavailableError } from './errors';

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $fault?: unknown;
}

function shape(error: unknown): ErrorShape {
  return error !== null && typeof error === 'object' ? (error as ErrorShape) : {};
}

/** HTTP status of the S3 answer, `undefined` when no answer arrived. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Node/libuv codes of a connection that failed or broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const THROTTLE_NAMES = new Set(['SlowDown', 'ServiceUnavailable', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded']);
const ACCESS_NAMES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'AllAccessDisabled',
  'AccountProblem',
]);

/** Every `code` of the error and, for an `AggregateError` (happy eyeballs), of its parts. */
function codesOf(error: unknown): string[] {
  const s = shape(error);
  const codes = typeof s.code === 'string' ? [s.code] : [];
  if (Array.isArray(s.errors)) for (const inner of s.errors) codes.push(...codesOf(inner));
  return codes;
}

/** The missing-key answer of GetObject (`NoSuchKey`) or of HeadObject (`NotFound`, 404 without body). */
export function isNoSuchKey(error: unknown): boolean {
  const name = shape(error).name;
  return name === 'NoSuchKey' || (name === 'NotFound' && httpStatusOf(error) === 404);
}

/** A conditional write lost: `412 PreconditionFailed`, or AWS's `409 ConditionalRequestConflict`. */
export function isPreconditionFailed(error: unknown): boolean {
  const name = shape(error).name;
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || httpStatusOf(error) === 412;
}

/** Why `error` means S3 cannot serve us. */
export function failureReasonOf(error: unknown): StorageFailureReason {
  const s = shape(error);
  const name = typeof s.name === 'string' ? s.name : '';
  const codes = codesOf(error);
  const status = httpStatusOf(error);
  if (TIMEOUT_NAMES.has(name) || codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout';
  if (codes.some((c) => NETWORK_CODES.has(c))) return 'unreachable';
  if (name === 'NoSuchBucket') return 'no-such-bucket';
  if (ACCESS_NAMES.has(name) || status === 403) return 'access-denied';
  if (THROTTLE_NAMES.has(name) || status === 503 || status === 429) return 'throttled';
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return 'credentials';
  if (status === undefined && s.$fault === undefined) return 'unreachable';
  return 'bad-response';
}

const EXPLANATIONS: Record<StorageFailureReason, string> = {
  unreachable: 'S3 could not be reached',
  timeout: 'S3 did not answer in time',
  throttled: 'S3 asked to slow down',
  'access-denied': 'S3 denied access',
  'no-such-bucket': 'the S3 bucket does not exist',
  credentials: 'no S3 credentials could be resolved',
  'bad-response': 'S3 answered with an unexpected error',
};

/**
 * Wraps any error from an S3 call as a {@link StorageUnavailableError} whose
 * message is safe for clients (reason, operation and the S3 error code only).
 * A `StorageUnavailableError` passes through unchanged.
 */
export function toStorageUnavailable(error: unknown, operation: string): StorageUnavailableError {
  if (error instanceof StorageUnavailableError) return error;
  const reason = failureReasonOf(error);
  const s = shape(error);
  const named = typeof s.name === 'string' && s.name !== 'Error' && s.name !== 'Unknown' ? s.name : undefined;
  const code = [named, ...codesOf(error)].find(
    (part) => part !== undefined,
  );
  const status = httpStatusOf(error);
  const detail = [code, status === undefined ? undefined : `HTTP ${status}`].filter(Boolean).join(', ');
  return new StorageUnavailableError(
    `storage unavailable: ${EXPLANATIONS[reason]} during ${operation}${detail === '' ? '' : ` (${detail})`}`,
    { reason, operation, cause: error },
  );
}
