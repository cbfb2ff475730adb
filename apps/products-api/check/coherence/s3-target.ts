/**
 * The S3 a scenario runs on: the embedded server in a child process (default,
 * `--s3 embedded`), or a fresh bucket on the real S3 of `S3_TEST_ENDPOINT`
 * (`--s3 real`, e.g. Ceph RGW from `scripts/ceph-rgw.sh`), removed afterwards.
 * Only a real S3 enforces `If-Match`, so only there do the API's conditional
 * read-modify-write retries (and 409 `concurrent_update`) run.
 */
import { createS3Client, EMBEDDED_S3_CREDENTIALS } from '../../src/s3';
import {
  createBucket,
  newRunId,
  REAL_S3_RUN_VARIABLE,
  realS3Settings,
  removeBucket,
  runBucketName,
  type RealS3Settings,
} from '../../test/helpers/real-s3';
import type { Child } from './processes/children';
import { startS3Process } from './processes/s3-process';

/** Which S3 the scenarios use (`--s3`). */
export type S3Mode = 'embedded' | 'real';

/** Where a scenario's data lives. */
export interface S3Target {
  readonly endpoint: string;
  readonly bucket: string;
  readonly credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
  /** The embedded server's process (none on a real S3). */
  readonly child?: Child;
  /** Stops the embedded server, or empties and deletes the bucket on the real S3. */
  close(): Promise<void>;
}

/**
 * The real S3 of `--s3 real`, from `S3_TEST_ENDPOINT`, `S3_TEST_ACCESS_KEY_ID`
 * and `S3_TEST_SECRET_ACCESS_KEY` (what `scripts/ceph-rgw.sh` writes to `s3.env`),
 * with a fresh run id naming the buckets.
 * @throws RealS3SettingsError when a variable is missing.
 */
export function realS3FromEnvironment(env: NodeJS.ProcessEnv = process.env): RealS3Settings {
  const settings = realS3Settings({ ...env, [REAL_S3_RUN_VARIABLE]: newRunId() });
  if (settings === undefined) throw new Error('unreachable: a run id was given');
  return settings;
}

/** The bucket name of the embedded server (one server per scenario). */
const EMBEDDED_BUCKET = 'coherence';

/** Starts the embedded server (data under `dataDir`, log in `logFile`), or creates a fresh bucket `label` on `real`. */
export async function startS3Target(real: RealS3Settings | undefined, label: string, dataDir: string, logFile: string): Promise<S3Target> {
  if (real === undefined) {
    const s3 = await startS3Process(dataDir, EMBEDDED_BUCKET, logFile);
    return { endpoint: s3.endpoint, bucket: EMBEDDED_BUCKET, credentials: EMBEDDED_S3_CREDENTIALS, child: s3.child, close: () => s3.child.stop() };
  }
  const client = createS3Client({
    endpoint: real.endpoint, region: 'us-east-1', ...real.credentials, forcePathStyle: true, connectTimeoutMs: 2000, requestTimeoutMs: 10_000, maxAttempts: 3,
  });
  const bucket = runBucketName(real.runId, label);
  try {
    await createBucket(client, bucket);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    endpoint: real.endpoint,
    bucket,
    credentials: real.credentials,
    async close() {
      try {
        await removeBucket(client, bucket);
      } finally {
        client.destroy();
      }
    },
  };
}
