/** S3 client settings of the test fixtures (no jest globals: global setup files import it too). */
import type { S3ClientSettings } from '../../src/s3/s3-client';

/** Client settings for tests: short timeouts, no retries unless asked. */
export function testClientSettings(endpoint: string, overrides: Partial<S3ClientSettings> = {}): S3ClientSettings {
  return {
    endpoint,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 1,
    ...overrides,
  };
}
