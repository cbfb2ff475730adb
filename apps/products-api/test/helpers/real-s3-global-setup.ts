/**
 * Global setup of `npm run test:s3-real`: the endpoint must answer with the
 * given keys before any suite starts (one clear error instead of a failure per test).
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/s3/s3-client';
import { realS3Settings } from './real-s3';
import { testClientSettings } from './test-client-settings';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default async function checkRealS3(): Promise<void> {
  const real = realS3Settings(); // throws without S3_TEST_ENDPOINT and keys (CI=true)
  if (real === undefined) return;
  const client = createS3Client(testClientSettings(real.endpoint, { ...real.credentials, maxAttempts: 3 }));
  try {
    await client.send(new ListBucketsCommand({}));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(
      `S3_TEST_ENDPOINT=${real.endpoint} does not answer ListBuckets with the given keys (${reason}). ` +
        'Is the gateway running (scripts/ceph-rgw.sh status) and are S3_TEST_ACCESS_KEY_ID / S3_TEST_SECRET_ACCESS_KEY its keys?',
    );
  } finally {
    client.destroy();
  }
  console.log(`\nS3 suites on ${real.endpoint}, buckets s3vt-${real.runId}-*`);
}
