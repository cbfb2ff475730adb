import { StorageUnavailableError } from '../../src/storage/errors';
import { failureReasonOf, isNoSuchKey, isPreconditionFailed, toStorageUnavailable } from '../../src/storage/s3-error-mapping';

/** Errors shaped as the SDK throws them. */
function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}
function networkError(code: string): Error {
  return Object.assign(new Error(code), { code, $metadata: { attempts: 1 } });
}

test.each([
  [networkError('ECONNREFUSED'), 'unreachable', 503],
  [networkError('ECONNRESET'), 'unreachable', 503],
  [networkError('ENOTFOUND'), 'unreachable', 503],
  [Object.assign(new AggregateError([networkError('ECONNREFUSED')]), { code: undefined }), 'unreachable', 503],
  [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'timeout', 503],
  [networkError('ETIMEDOUT'), 'timeout', 503],
  [serviceError('RequestTimeout', 400), 'timeout', 503],
  [serviceError('SlowDown', 503), 'throttled', 503],
  [serviceError('InternalError', 500), 'bad-response', 502],
  [serviceError('AccessDenied', 403), 'access-denied', 502],
  [serviceError('NoSuchBucket', 404), 'no-such-bucket', 502],
  [Object.assign(new Error('c'), { name: 'CredentialsProviderError', $fault: 'client' }), 'credentials', 502],
  [new Error('socket hang up'), 'unreachable', 503],
])('%p -> %s (%i)', (error, reason, status) => {
  expect(failureReasonOf(error)).toBe(reason);
  const mapped = toStorageUnavailable(error, 'GetObject');
  expect(mapped).toBeInstanceOf(StorageUnavailableError);
  expect(mapped.status).toBe(status);
  expect(mapped.cause).toBe(error);
  expect(mapped.operation).toBe('GetObject');
});

test('a StorageUnavailableError passes through unchanged', () => {
  const original = toStorageUnavailable(networkError('ECONNREFUSED'), 'ListObjectsV2');
  expect(toStorageUnavailable(original, 'GetObject')).toBe(original);
});

test('not-found and precondition answers are recognised', () => {
  expect(isNoSuchKey(serviceError('NoSuchKey', 404))).toBe(true);
  expect(isNoSuchKey(serviceError('NotFound', 404))).toBe(true);
  expect(isNoSuchKey(serviceError('NoSuchBucket', 404))).toBe(false);
  expect(isPreconditionFailed(serviceError('PreconditionFailed', 412))).toBe(true);
  expect(isPreconditionFailed(serviceError('ConditionalRequestConflict', 409))).toBe(true);
  expect(isPreconditionFailed(serviceError('AccessDenied', 403))).toBe(false);
});
