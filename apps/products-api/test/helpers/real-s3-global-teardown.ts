/** Global teardown of `npm run test:s3-real`: removes the run's buckets that a failed suite left behind. */
import { createS3Client } from '../../src/s3/s3-client';
import { realS3Settings, removeRunBuckets } from './real-s3';
import { testClientSettings } from './test-client-settings';

export default async function removeLeftoverBuckets(): Promise<void> {
  const real = realS3Settings();
  if (real === undefined) return;
  const client = createS3Client(testClientSettings(real.endpoint, { ...real.credentials, maxAttempts: 3, requestTimeoutMs: 30_000 }));
  try {
    const removed = await removeRunBuckets(client, real.runId);
    if (removed.length > 0) console.log(`removed ${removed.length} bucket(s) left by failed suites: ${removed.join(', ')}`);
  } finally {
    client.destroy();
  }
}
