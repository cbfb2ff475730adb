import type { Config } from '../config/config';
import type { EmbeddedS3 } from './embedded-s3';
import type { S3ClientSettings } from './s3-client';

/**
 * The S3 client settings of the API, from its configuration: the configured
 * endpoint and credentials, or those of the embedded server when one runs.
 * The runtime, the tests and the docker-compose check all go through this one
 * function, so MinIO gets exactly the settings the test suite proves against
 * the embedded server (path-style, region, timeouts; `createS3Client` adds the
 * `WHEN_REQUIRED` checksum settings for every endpoint).
 */
export function s3ClientSettings(config: Config, embedded?: Pick<EmbeddedS3, 'endpoint' | 'credentials'>): S3ClientSettings {
  const credentials = embedded
    ? { ...embedded.credentials }
    : config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
      : {};
  return {
    endpoint: embedded?.endpoint ?? config.S3_ENDPOINT,
    region: config.S3_REGION,
    ...credentials,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    connectTimeoutMs: config.S3_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: config.S3_REQUEST_TIMEOUT_MS,
    maxAttempts: config.S3_MAX_ATTEMPTS,
  };
}
