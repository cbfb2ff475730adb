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

/** Outcome of {@link S3ObjectStore.putText}. */
export type PutOutcome = { readonly written: true; readonly etag: string | undefined } | { readonly written: false };

/** A plain MD5 ETag (a multipart ETag ends with `-{parts}`). */
const MD5_HEX = /^[0-9a-f]{32}$/i;

/** Strips the quotes S3 puts around ETags. */
export function unquoteEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : etag.replace(/^(W\/)?"|"$/g, '');
}

/** A bucket seen as a store of small text objects. */
export class S3ObjectStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

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

  /** Writes a JSON text; resolves `{ written: false }` when `condition` does not hold (412/409). */
  async putText(key: string, body: string, condition?: WriteCondition): Promise<PutOutcome> {
    try {
      const output = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          ...(condition === undefined
            ? {}
            : 'ifNoneMatch' in condition
              ? { IfNoneMatch: condition.ifNoneMatch }
              : { IfMatch: `"${condition.ifMatch}"` }),
        }),
      );
      return { written: true, etag: unquoteEtag(output.ETag) };
    } catch (error) {
      if (condition !== undefined && isPreconditionFailed(error)) return { written: false };
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
