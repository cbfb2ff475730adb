/**
 * The S3 client of the products API: explicit timeouts (an unreachable endpoint
 * fails fast, never hangs), checksums only when an operation requires them
 * (s3rver stores aws-chunked framing otherwise; also right for MinIO), and
 * path-style addressing when asked.
 */
import { S3Client } from '@aws-sdk/client-s3';

export { countS3Requests, type S3RequestCounter } from './request-counter';

/** Settings of {@link createS3Client}. */
export interface S3ClientSettings {
  /** Endpoint URL (MinIO, s3rver); unset: AWS S3 for `region`. */
  endpoint?: string;
  /** AWS region, e.g. `us-east-1`. */
  region: string;
  /** Static credentials; give both or neither (neither: the SDK's default provider chain). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`http://host/bucket/key`): needed by MinIO and s3rver. */
  forcePathStyle: boolean;
  /** Longest wait for a TCP connection, in ms (positive). */
  connectTimeoutMs: number;
  /**
   * Longest wait for a response's headers after sending, in ms (positive); also
   * the idle limit of the socket while a body streams. Exceeding it is a `TimeoutError`.
   */
  requestTimeoutMs: number;
  /** Attempts per operation including the first (integer >= 1; retries use the SDK's standard backoff). */
  maxAttempts: number;
}

/** A setting of {@link createS3Client} has an unusable value. */
export class S3ClientSettingsError extends TypeError {
  override readonly name = 'S3ClientSettingsError';
}

function positiveMs(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new S3ClientSettingsError(`createS3Client: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new S3ClientSettingsError(`createS3Client: ${name} must be a non-empty string when given`);
  }
  return value;
}

function validate(settings: S3ClientSettings): S3ClientSettings {
  if (settings === null || typeof settings !== 'object') {
    throw new S3ClientSettingsError('createS3Client: settings must be an object');
  }
  const endpoint = optionalString('endpoint', settings.endpoint);
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new S3ClientSettingsError(`createS3Client: endpoint ${JSON.stringify(endpoint)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new S3ClientSettingsError(`createS3Client: endpoint must be an http(s) URL, got ${url.protocol}`);
    }
  }
  const region = optionalString('region', settings.region);
  if (region === undefined) throw new S3ClientSettingsError('createS3Client: region is required');
  const accessKeyId = optionalString('accessKeyId', settings.accessKeyId);
  const secretAccessKey = optionalString('secretAccessKey', settings.secretAccessKey);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new S3ClientSettingsError('createS3Client: give both accessKeyId and secretAccessKey, or neither');
  }
  if (typeof settings.forcePathStyle !== 'boolean') {
    throw new S3ClientSettingsError('createS3Client: forcePathStyle must be a boolean');
  }
  const { maxAttempts } = settings;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new S3ClientSettingsError(`createS3Client: maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`);
  }
  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: settings.forcePathStyle,
    connectTimeoutMs: positiveMs('connectTimeoutMs', settings.connectTimeoutMs),
    requestTimeoutMs: positiveMs('requestTimeoutMs', settings.requestTimeoutMs),
    maxAttempts,
  };
}

/**
 * Builds an `S3Client` with fail-fast timeouts and checksum settings that work
 * with AWS S3, MinIO and s3rver. The caller owns it: call `client.destroy()`
 * to release its sockets.
 *
 * @throws {@link S3ClientSettingsError} for an unusable setting.
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  const s = validate(settings);
  return new S3Client({
    region: s.region,
    ...(s.endpoint === undefined ? {} : { endpoint: s.endpoint }),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId === undefined || s.secretAccessKey === undefined
      ? {}
      : { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } }),
    maxAttempts: s.maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Constructor options of the SDK's NodeHttpHandler (it builds the handler from them).
    requestHandler: {
      connectionTimeout: s.connectTimeoutMs,
      requestTimeout: s.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: s.requestTimeoutMs,
    },
  });
}
