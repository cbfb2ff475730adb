import type { Config } from 'jest';
import base from './jest.config';
import { MISSING_ENDPOINT_HELP, newRunId, REAL_S3_RUN_VARIABLE } from './apps/products-api/test/helpers/real-s3';

/**
 * `npm run test:s3-real`: the S3 integration suites against a real S3 — the
 * endpoint in `S3_TEST_ENDPOINT` with `S3_TEST_ACCESS_KEY_ID` and
 * `S3_TEST_SECRET_ACCESS_KEY` (`scripts/ceph-rgw.sh start --print-env` prints
 * them for a local Ceph RGW). Each fixture gets a fresh bucket named
 * `s3vt-<run id>-…`, removed when it closes; the global teardown removes any
 * a failed suite left. Without `S3_TEST_ENDPOINT` the run fails under `CI=true`
 * and is skipped elsewhere.
 *
 * Not run here (they need the embedded server itself, not just an S3):
 * - storage/embedded-s3*.test.ts, storage/atomic-filesystem-store.test.ts:
 *   s3rver's files, options and atomicity layer (and in storage/scan.test.ts the
 *   torn-read case, which writes s3rver's files: `embeddedServerTest`, skipped here);
 * - api/failures.test.ts: stops the S3 server to see 503s (a test cannot stop
 *   a shared gateway; RGW stopped by hand gave the same 503 within ~50 ms);
 * - scale-out/redis-outage.test.ts: about Redis, S3 is incidental.
 */
const SUITES = [
  // storage layer
  'storage/s3-client.test.ts',
  'storage/s3-product-repository.test.ts',
  'storage/scan.test.ts', // listing past 1,000 (1,050 objects, two pages)
  'storage/sku-uniqueness.test.ts',
  'storage/storage-failures.test.ts',
  // API routes and CRUD
  'api/products-crud.test.ts',
  'api/listing.test.ts', // listing past 1,000 through the API
  'api/caching.test.ts',
  'api/cache-keys.test.ts',
  'api/hardening.test.ts',
  'api/invalidation-order.test.ts',
  'api/response-budget.test.ts',
  'observability/metrics.test.ts',
  'openapi/conformance.test.ts',
  'scale-out/two-instances.test.ts',
  'scale-out/twin-writes.test.ts',
  // seeding
  'seed/seed.test.ts',
  'seed/cli.test.ts',
];

const TEST_ROOT = '<rootDir>/apps/products-api/test';

function config(): Config {
  if (!process.env.S3_TEST_ENDPOINT && process.env.CI !== 'true') {
    console.warn(`\ntest:s3-real skipped: ${MISSING_ENDPOINT_HELP}\n`);
    return { ...base, testMatch: ['<rootDir>/no-test-runs-without-S3_TEST_ENDPOINT'], passWithNoTests: true };
  }
  // Read by the fixtures (test/helpers/real-s3.ts) in the workers, which inherit the environment.
  process.env[REAL_S3_RUN_VARIABLE] = newRunId();
  return {
    ...base,
    testMatch: [...SUITES.map((suite) => `${TEST_ROOT}/${suite}`), `${TEST_ROOT}/s3-real/**/*.test.ts`],
    testPathIgnorePatterns: ['/node_modules/'],
    // Fails the run (CI without S3_TEST_ENDPOINT included) unless the endpoint answers with the keys.
    globalSetup: `${TEST_ROOT}/helpers/real-s3-global-setup.ts`,
    globalTeardown: `${TEST_ROOT}/helpers/real-s3-global-teardown.ts`,
  };
}

export default config();
