/**
 * A real S3 endpoint for the test fixtures (`npm run test:s3-real`): its
 * settings from the environment, and a fresh bucket per fixture, named after
 * the run so that the run's global teardown can remove any left behind.
 *
 * `jest.s3-real.config.ts` sets {@link REAL_S3_RUN_VARIABLE}; the main suite
 * never does, so `npm test` always runs on the embedded server even when
 * `S3_TEST_ENDPOINT` is set in the shell.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Set (to the run's id) by `jest.s3-real.config.ts` only. */
export const REAL_S3_RUN_VARIABLE = 'S3_TEST_REAL_RUN_ID';

/** Where the real S3 is and how to sign for it. */
export interface RealS3Settings {
  readonly endpoint: string;
  readonly credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
  /** The run's id: every bucket of the run starts with {@link runBucketPrefix}. */
  readonly runId: string;
}

/** What to do when `S3_TEST_ENDPOINT` is missing. */
export const MISSING_ENDPOINT_HELP =
  'S3_TEST_ENDPOINT is not set. Start a local Ceph RGW and export its endpoint and keys: ' +
  'scripts/ceph-rgw.sh start, then: set -a; . .data/ceph-rgw/s3.env; set +a (see README "Testing against a real S3").';

/** A variable of the real-S3 run is missing or unusable. */
export class RealS3SettingsError extends Error {
  override readonly name = 'RealS3SettingsError';
}

/** A fresh run id: lowercase, usable in bucket names, unique enough per machine. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The real S3 of this run, or `undefined` when the tests run on the embedded server. */
export function realS3Settings(env: NodeJS.ProcessEnv = process.env): RealS3Settings | undefined {
  const runId = env[REAL_S3_RUN_VARIABLE];
  if (runId === undefined || runId === '') return undefined;
  const endpoint = env.S3_TEST_ENDPOINT;
  const accessKeyId = env.S3_TEST_ACCESS_KEY_ID;
  const secretAccessKey = env.S3_TEST_SECRET_ACCESS_KEY;
  if (!endpoint) throw new RealS3SettingsError(MISSING_ENDPOINT_HELP);
  if (!accessKeyId || !secretAccessKey) {
    throw new RealS3SettingsError(`S3_TEST_ENDPOINT=${endpoint} needs S3_TEST_ACCESS_KEY_ID and S3_TEST_SECRET_ACCESS_KEY too`);
  }
  if (!/^[a-z0-9-]{1,24}$/.test(runId)) throw new RealS3SettingsError(`${REAL_S3_RUN_VARIABLE} ${JSON.stringify(runId)} is not a usable run id`);
  return { endpoint, credentials: { accessKeyId, secretAccessKey }, runId };
}

/** The real S3 of this run; throws when the suite runs outside `npm run test:s3-real` (for suites that only a real S3 can pass). */
export function requireRealS3(): RealS3Settings {
  const real = realS3Settings();
  if (real === undefined) throw new RealS3SettingsError('this suite needs a real S3: run it with npm run test:s3-real');
  return real;
}

/** The prefix of every bucket the run creates. */
export function runBucketPrefix(runId: string): string {
  return `s3vt-${runId}-`;
}

let bucketCounter = 0;

/** A new bucket name of the run, ending with `label` (cut to S3's 63 characters). */
export function runBucketName(runId: string, label: string): string {
  bucketCounter += 1;
  const name = `${runBucketPrefix(runId)}${process.pid}-${bucketCounter}-${label}`.slice(0, 63);
  return name.replace(/[.-]+$/, '');
}

/** Creates `bucket` (it must not exist). */
export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Deletes every object of `bucket`, then the bucket. */
export async function removeBucket(client: S3Client, bucket: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [{ Key: object.Key }]));
    if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Removes every bucket of the run still present (a test that failed before closing its fixture); returns their names. */
export async function removeRunBuckets(client: S3Client, runId: string): Promise<string[]> {
  const prefix = runBucketPrefix(runId);
  const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
  const names = Buckets.flatMap((bucket) => (bucket.Name?.startsWith(prefix) ? [bucket.Name] : []));
  for (const name of names) await removeBucket(client, name);
  return names;
}
