/**
 * Error-mapped access to the small JSON objects of one bucket: every SDK
 * failure leaves here as a {@link StorageUnavailableError}, except the outcomes
 * callers handle themselves (a missing key, a lost conditional write), which
 * are return values.
 */
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageUnavailableError } from './errors';
import { httpStatusOf, isNoSuchKey, isPreconditionFailed, toStorageUnavailable } from './s3-error-mapping';

/** An object read by {@link S3ObjectStore.getText}. */
export interface StoredText {
  readonly body: string;
  /** ETag without quotes. */
  readonly etag: string | undefined;
  /**
   * Whether the ETag is the MD5 of exactly the bytes read, i.e. provably names
   * this body. True for single-part uploads on AWS S3 (without SSE-KMS/SSE-C),
   * MinIO and the embedded server; false for multipart or encrypted objects,
   * and for a torn read (a server that is not atomic per key can pair one
   * version's body with another version's ETag).
   */
  readonly etagIsBodyMd5: boolean;
  readonly lastModified: Date | undefined;
}

/** One entry of a listing page. */
export interface ListedObject {
  readonly key: string;
  /** ETag without quotes. */
  readonly etag: string | undefined;
  readonly size: number | undefined;
}

/** One listing page and the token of the next one. */
export interface ListPage {
  readonly objects: readonly ListedObject[];
  readonly nextToken: string | undefined;
}

/** A write precondition: create only (`If-None-Match: *`) or replace one version (`If-Match`). */
export type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };

/**
 * Outcome of {@link S3ObjectStore.putText}: written (with the new ETag), or
 * `condition-failed` when the write condition did not hold (another writer got
 * there first, or the object changed or disappeared since its ETag was read).
 */
export type PutOutcome =
  | { readonly written: true; readonly etag: string | undefined }
  | { readonly written: false; readonly reason: 'condition-failed' };

/**
 * How an ETag is written in `If-Match`: `quoted` (`"<etag>"`, the form S3
 * returns it in, RFC 9110) or `unquoted` (the bare value, which Ceph RGW 16.2
 * and DigitalOcean Spaces require on PUT).
 */
export type IfMatchForm = 'quoted' | 'unquoted';

const CONDITION_FAILED: PutOutcome = Object.freeze({ written: false, reason: 'condition-failed' });

/** A plain MD5 ETag (a multipart ETag ends with `-{parts}`). */
const MD5_HEX = /^[0-9a-f]{32}$/i;

/** A PUT answered 412 Precondition Failed (internal to {@link S3ObjectStore.putText}). */
const PRECONDITION_412 = Symbol('412');

function formatIfMatch(etag: string, form: IfMatchForm): string {
  return form === 'quoted' ? `"${etag}"` : etag;
}

/** Strips the quotes S3 puts around ETags. */
export function unquoteEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : etag.replace(/^(W\/)?"|"$/g, '');
}

/**
 * A bucket seen as a store of small text objects.
 *
 * **`If-Match` on PUT, portably.** AWS S3 and MinIO accept the quoted ETag in
 * `If-Match`; Ceph RGW 16.2 (and DigitalOcean Spaces, built on it) answers 412
 * to the quoted form even when the ETag is current, and accepts only the bare
 * value. So a conditional replace ({@link S3ObjectStore.putText} with
 * `ifMatch`) sends the form this store last saw succeed (quoted at first); on
 * a 412 it HEADs the object and, **only when the current ETag equals the one
 * expected**, retries once with the other form, which becomes the form used
 * from then on when it succeeds. A real change of the object gives another
 * ETag (or a missing object), so the 412 stands and no write happens. The
 * retry is itself conditional: a change between the HEAD and the retry still
 * fails it. Cost on RGW: one extra PUT and one HEAD, once per store.
 */
export class S3ObjectStore {
  private ifMatchForm: IfMatchForm = 'quoted';

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  /** The `If-Match` form conditional replaces currently use (see the class comment). */
  get preferredIfMatchForm(): IfMatchForm {
    return this.ifMatchForm;
  }

  /**
   * The object's text, or `undefined` when the key is missing. An object larger
   * than `maxBytes` resolves to `'too-large'` without downloading it.
   */
  async getText(key: string, maxBytes: number): Promise<StoredText | 'too-large' | undefined> {
    let output;
    try {
      output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      throw toStorageUnavailable(error, 'GetObject');
    }
    const body = output.Body;
    if (output.ContentLength !== undefined && output.ContentLength > maxBytes) {
      (body as { destroy?: () => void } | undefined)?.destroy?.();
      return 'too-large';
    }
    let bytes: Buffer;
    try {
      const array = body === undefined ? new Uint8Array(0) : await body.transformToByteArray();
      bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    } catch (error) {
      throw toStorageUnavailable(error, 'GetObject');
    }
    const etag = unquoteEtag(output.ETag);
    return {
      body: bytes.toString('utf-8'),
      etag,
      etagIsBodyMd5: etag !== undefined && MD5_HEX.test(etag) && etag.toLowerCase() === createHash('md5').update(bytes).digest('hex'),
      lastModified: output.LastModified,
    };
  }

  /**
   * Writes a JSON text. With a `condition`, resolves `{ written: false, reason:
   * 'condition-failed' }` when it does not hold: the key exists (`ifNoneMatch`),
   * or its ETag is no longer `ifMatch` or it is missing (`ifMatch`; AWS answers
   * 404 there, RGW 412). See the class comment for how `If-Match` is sent.
   */
  async putText(key: string, body: string, condition?: WriteCondition): Promise<PutOutcome> {
    if (condition === undefined || 'ifNoneMatch' in condition) {
      const outcome = await this.put(key, body, condition === undefined ? {} : { IfNoneMatch: condition.ifNoneMatch });
      return outcome === PRECONDITION_412 ? CONDITION_FAILED : outcome;
    }
    const form = this.ifMatchForm;
    const first = await this.put(key, body, { IfMatch: formatIfMatch(condition.ifMatch, form) });
    if (first !== PRECONDITION_412) return first;
    // A 412: either the object changed, or the server rejects this form of a current ETag.
    if ((await this.headEtag(key)) !== condition.ifMatch) return CONDITION_FAILED;
    const other: IfMatchForm = form === 'quoted' ? 'unquoted' : 'quoted';
    const retry = await this.put(key, body, { IfMatch: formatIfMatch(condition.ifMatch, other) });
    if (retry === PRECONDITION_412) return CONDITION_FAILED;
    if (retry.written) this.ifMatchForm = other;
    return retry;
  }

  /** The object's ETag (without quotes), or `undefined` when the key is missing. */
  async headEtag(key: string): Promise<string | undefined> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return unquoteEtag(output.ETag);
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      throw toStorageUnavailable(error, 'HeadObject');
    }
  }

  /** One PutObject; a lost condition is {@link PRECONDITION_412} (HTTP 412) or `condition-failed` (409, 404). */
  private async put(
    key: string,
    body: string,
    condition: { IfNoneMatch?: string; IfMatch?: string },
  ): Promise<PutOutcome | typeof PRECONDITION_412> {
    try {
      const output = await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json', ...condition }),
      );
      return { written: true, etag: unquoteEtag(output.ETag) };
    } catch (error) {
      const conditional = condition.IfMatch !== undefined || condition.IfNoneMatch !== undefined;
      if (conditional && httpStatusOf(error) === 412) return PRECONDITION_412;
      if (conditional && isPreconditionFailed(error)) return CONDITION_FAILED;
      // AWS S3 answers a conditional PUT on a missing key with 404 NoSuchKey.
      if (condition.IfMatch !== undefined && isNoSuchKey(error)) return CONDITION_FAILED;
      throw toStorageUnavailable(error, 'PutObject');
    }
  }

  /** Deletes a key (a missing key is not an error). */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNoSuchKey(error)) return;
      throw toStorageUnavailable(error, 'DeleteObject');
    }
  }

  /** One ListObjectsV2 page under `prefix`. */
  async listPage(prefix: string, token: string | undefined): Promise<ListPage> {
    let output;
    try {
      output = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
    } catch (error) {
      throw toStorageUnavailable(error, 'ListObjectsV2');
    }
    const objects: ListedObject[] = [];
    for (const entry of output.Contents ?? []) {
      if (entry.Key === undefined) continue;
      objects.push({ key: entry.Key, etag: unquoteEtag(entry.ETag), size: entry.Size });
    }
    const nextToken = output.IsTruncated ? output.NextContinuationToken : undefined;
    if (output.IsTruncated && (nextToken === undefined || nextToken === token)) {
      throw new StorageUnavailableError('storage unavailable: S3 returned a truncated listing without a usable continuation token', {
        reason: 'bad-response',
        operation: 'ListObjectsV2',
      });
    }
    return { objects, nextToken };
  }

  /** HeadBucket: resolves when the bucket answers; a 404 is reported as `no-such-bucket`. */
  async headBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (httpStatusOf(error) === 404) {
        throw new StorageUnavailableError('storage unavailable: the S3 bucket does not exist during HeadBucket', {
          reason: 'no-such-bucket',
          operation: 'HeadBucket',
          cause: error,
        });
      }
      throw toStorageUnavailable(error, 'HeadBucket');
    }
  }
}
