/**
 * An S3-compatible server in this process (s3rver 3.7.1, filesystem-backed),
 * for `npm start` without an S3 endpoint and for tests.
 *
 * s3rver fixes applied here, so no node flag is needed:
 * - single DES for ListObjectsV2 continuation tokens: {@link installDesShim};
 * - stream bodies stored with aws-chunked framing: fixed on the client side by
 *   `createS3Client` (`requestChecksumCalculation: 'WHEN_REQUIRED'`);
 * - no atomicity per key: s3rver writes an object's body, MD5 (the ETag) and
 *   metadata in place, one file after the other, and answers a PUT before the
 *   body is flushed, so a GET, HEAD or LIST racing a PUT could see a torn body,
 *   one version's body with another's ETag, or a 500, and racing PUTs could
 *   leave a mix. The server runs on an {@link AtomicFilesystemStore} instead
 *   (same files on disk): writes are staged in temporary files and published
 *   with renames under a per-key lock before the PUT is answered; reads take
 *   the lock only to open the body and read its MD5 and metadata. A reader sees
 *   the whole old version or the whole new one, as with AWS S3 and MinIO.
 *   The lock is in process: one server per data folder.
 *
 * - a listen failure (busy port, address not local) is an unhandled `error`
 *   event that crashes the process: {@link reportListenErrors} makes `run()`
 *   reject with it instead.
 *
 * s3rver does not verify SigV4 signatures but does require a known access key:
 * use {@link EMBEDDED_S3_CREDENTIALS}. It does **not** enforce conditional writes
 * (`If-None-Match: *`, `If-Match`): it overwrites and answers 200.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import S3rver = require('s3rver');
import { AtomicFilesystemStore } from './atomic-filesystem-store';
import { installDesShim } from './des-shim';

/** The only key pair s3rver accepts (it checks the key id, not the SigV4 signature). */
export const EMBEDDED_S3_CREDENTIALS: Readonly<{ accessKeyId: string; secretAccessKey: string }> = Object.freeze({
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
});

/** Options of {@link startEmbeddedS3}. */
export interface EmbeddedS3Options {
  /** Folder holding the buckets; created (with parents) when missing. */
  directory: string;
  /** Bucket created at start when it does not exist yet (existing data is kept). */
  bucket: string;
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * `true` (default): each object version is published atomically (see the
   * module comment). `false`: s3rver's own store, which is **not** atomic per
   * key — only to measure what atomicity costs (the `writes` benchmark).
   */
  atomic?: boolean;
}

/** A running embedded server. */
export interface EmbeddedS3 {
  /** Base URL for the S3 client, e.g. `http://127.0.0.1:41234` (use path-style addressing). */
  readonly endpoint: string;
  /** The port actually bound. */
  readonly port: number;
  /** Credentials the server accepts ({@link EMBEDDED_S3_CREDENTIALS}). */
  readonly credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
  /** Stops listening and drops open connections (keep-alive sockets included). Idempotent. */
  close(): Promise<void>;
}

/** An option of {@link startEmbeddedS3} has an unusable value. */
export class EmbeddedS3OptionError extends TypeError {
  override readonly name = 'EmbeddedS3OptionError';
}

/** S3 bucket naming rules (lowercase letters, digits, `.` and `-`, 3-63 characters). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function validate(options: EmbeddedS3Options): Required<EmbeddedS3Options> {
  if (options === null || typeof options !== 'object') {
    throw new EmbeddedS3OptionError('startEmbeddedS3: options must be an object');
  }
  const { directory, bucket, port = 0, host = '127.0.0.1', atomic = true } = options;
  if (typeof directory !== 'string' || directory.trim() === '') {
    throw new EmbeddedS3OptionError('startEmbeddedS3: directory must be a non-empty path');
  }
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new EmbeddedS3OptionError(
      `startEmbeddedS3: bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name (3-63 of a-z, 0-9, ".", "-")`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new EmbeddedS3OptionError(`startEmbeddedS3: port must be an integer in 0..65535, got ${String(port)}`);
  }
  if (typeof host !== 'string' || host === '') {
    throw new EmbeddedS3OptionError('startEmbeddedS3: host must be a non-empty string');
  }
  if (typeof atomic !== 'boolean') {
    throw new EmbeddedS3OptionError(`startEmbeddedS3: atomic must be true or false, got ${String(atomic)}`);
  }
  return { directory, bucket, port, host, atomic };
}

function endpointFor(host: string, port: number): string {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `http://${hostPart}:${port}`;
}

/**
 * Makes `server.run()` reject when listening fails: s3rver passes its callback to
 * `http.Server#listen` as if it were an error callback, so the `error` event has no listener.
 */
function reportListenErrors(server: S3rver): void {
  const listen = server.listen.bind(server);
  server.listen = (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      const httpServer = listen(...args, () => {
        httpServer.off('error', reject);
        resolve(httpServer);
      }) as Server;
      httpServer.once('error', reject);
    });
}

/**
 * Starts s3rver in this process with `bucket` present, silent, listening on
 * `host:port`, atomic per key (see the module comment).
 *
 * @example
 * ```ts
 * const s3 = await startEmbeddedS3({ directory: '.data/s3', bucket: 'products' });
 * const client = createS3Client({ endpoint: s3.endpoint, ...s3.credentials, region: 'us-east-1',
 *   forcePathStyle: true, connectTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 3 });
 * // ...
 * await s3.close();
 * ```
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const { directory, bucket, port, host, atomic } = validate(options);
  installDesShim();
  await mkdir(directory, { recursive: true });

  const server = new S3rver({
    address: host,
    port,
    silent: true,
    directory,
    resetOnClose: false,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  // s3rver's controllers use `ctx.store` (from Koa's `app.context`), the server itself `this.store`.
  if (atomic) server.store = server.context.store = new AtomicFilesystemStore(directory);
  reportListenErrors(server);
  const address = await server.run();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const httpServer = server.httpServer;
      const closed = server.close();
      // server.close() waits for every open connection; the SDK keeps sockets alive.
      httpServer?.closeAllConnections();
      await closed;
    })();
    return closing;
  };

  return {
    endpoint: endpointFor(host, address.port),
    port: address.port,
    credentials: EMBEDDED_S3_CREDENTIALS,
    close,
  };
}
