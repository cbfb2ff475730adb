/**
 * s3rver's filesystem store, made atomic per key as AWS S3 and MinIO are.
 *
 * s3rver 3.7.1 keeps each object as three files (body, its MD5 = the ETag, the
 * metadata) and writes them in place, one after the other, answering a PUT
 * before the body is even flushed. A GET, HEAD or LIST racing a PUT of the same
 * key could read a half-written body, one version's body with another's ETag,
 * or half-written metadata (a 500); racing PUTs could leave a mix.
 *
 * This store keeps s3rver's file layout (existing data folders still work) and
 * changes how the files change:
 * - a write (PUT, COPY, multipart completion) stages body, MD5 and metadata in
 *   temporary files beside the key's files, flushed to the device, then
 *   publishes them with renames while holding the key's lock, and only then
 *   answers: concurrent PUTs leave exactly one whole version (the last to
 *   publish) and a failed upload leaves the previous version untouched;
 * - a read (GET, HEAD, and every key of a LIST) takes the key's lock only to
 *   open the body and read the MD5 and the metadata, then streams the body from
 *   the open handle, which keeps reading that version's bytes after a newer
 *   version is renamed over it;
 * - a DELETE removes the three files under the key's lock.
 *
 * The lock is per key and in process (s3rver runs in this process): two
 * processes must not serve one data folder. Operations on different keys never
 * wait for each other. Publishing relies on POSIX `rename` replacing a file
 * that readers still hold open (on Windows such a reader makes the PUT fail).
 */
import { createReadStream } from 'node:fs';
import { rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import S3Object = require('s3rver/lib/models/object');
import FilesystemStore = require('s3rver/lib/stores/filesystem');
import { KeyedMutex } from '../storage/keyed-mutex';
import { type KeyFiles, type StagedVersion, stageVersion } from './staged-version';
import { readSnapshot, type VersionSnapshot } from './version-snapshot';

type Metadata = S3Object.Metadata;

/** Listing attempts when a file vanishes under s3rver's directory walk (a concurrent rename or DELETE). */
const LIST_ATTEMPTS = 5;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** The error s3rver's store gives for a missing object (its callers test `code === 'ENOENT'`). */
function missingObject(bucket: string, key: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no object ${JSON.stringify(key)} in bucket ${JSON.stringify(bucket)}`), { code: 'ENOENT' });
}

/** What s3rver keeps in the metadata file: the standard headers it allows and `x-amz-meta-*`. */
function storedMetadataOf(metadata: Metadata): Metadata {
  const stored: Metadata = {};
  for (const name of S3Object.ALLOWED_METADATA) if (metadata[name] !== undefined) stored[name] = metadata[name];
  for (const [name, value] of Object.entries(metadata)) if (name.startsWith('x-amz-meta-')) stored[name] = value;
  return stored;
}

/** The metadata s3rver's controllers expect for one version. */
function snapshotMetadata({ stored, md5, stats }: VersionSnapshot): Metadata {
  return { ...stored, etag: JSON.stringify(md5), 'last-modified': stats.mtime.toUTCString(), 'content-length': stats.size };
}

/**
 * A drop-in replacement for s3rver's `FilesystemStore` (same files, same
 * methods) that is atomic per key; see the module comment. Install it on a
 * server with `server.store = server.context.store = new AtomicFilesystemStore(directory)`.
 */
export class AtomicFilesystemStore extends FilesystemStore {
  private readonly locks = new KeyedMutex();

  /** Metadata of the current version, read under the key's lock (also what LIST reports per key). */
  override async getMetadata(bucket: string, key: string): Promise<Metadata> {
    const snapshot = await this.snapshot(bucket, key, false);
    if (snapshot === undefined) throw missingObject(bucket, key);
    return snapshotMetadata(snapshot);
  }

  /** s3rver's listing, walked again when a file vanished under its synchronous directory walk. */
  override async listObjects(bucket: string, options: FilesystemStore.ListOptions): Promise<FilesystemStore.Listing> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await super.listObjects(bucket, options);
      } catch (error) {
        if (!isMissing(error) || attempt >= LIST_ATTEMPTS) throw error;
      }
    }
  }

  /** The current version with its body streamed from a handle opened under the key's lock (GET and HEAD). */
  override async getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3Object | null> {
    const snapshot = await this.snapshot(bucket, key, true);
    if (snapshot?.handle === undefined) return null;
    const metadata = snapshotMetadata(snapshot);
    // Range arithmetic exactly as s3rver's own store does it.
    const lastByte = Math.max(0, snapshot.stats.size - 1);
    const range = { start: options?.start || 0, end: Math.min(options?.end || Infinity, lastByte) };
    const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
    let content: S3Object['content'] = null;
    if (range.start < 0 || Math.min(range.end, lastByte) < range.start) {
      await snapshot.handle.close(); // not satisfiable: no body
    } else {
      // The stream closes the handle when it ends or is destroyed (HEAD destroys it at once).
      content = createReadStream(this.filesOf(bucket, key).object, { fd: snapshot.handle, start: range.start, end: range.end });
    }
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  }

  /** Stages the new version, publishes it under the key's lock, and only then resolves (PUT, POST, multipart). */
  override async putObject(object: S3Object): Promise<{ size: number; md5: string }> {
    if (object.content === null) throw new TypeError('putObject: the object has no content');
    const staged = await stageVersion(this.filesOf(object.bucket, object.key), object.content, storedMetadataOf(object.metadata));
    await this.publish(object.bucket, object.key, staged);
    return { size: staged.size, md5: staged.md5 };
  }

  /** Copies one whole version of the source (read as GET reads it) and publishes it as the destination's new version. */
  override async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Metadata | null,
  ): Promise<Metadata> {
    const source = await this.snapshot(srcBucket, srcKey, true);
    if (source?.handle === undefined) throw missingObject(srcBucket, srcKey);
    const body = createReadStream(this.filesOf(srcBucket, srcKey).object, { fd: source.handle });
    const stored = replacementMetadata === null ? source.stored : storedMetadataOf(replacementMetadata);
    let staged: StagedVersion;
    try {
      staged = await stageVersion(this.filesOf(destBucket, destKey), body, stored);
    } finally {
      body.destroy(); // closes the source handle whatever happened
    }
    await this.publish(destBucket, destKey, staged);
    return this.getMetadata(destBucket, destKey); // as s3rver answers a copy (a later PUT may already show)
  }

  /** Removes the key's files under its lock (body first), then the folders it leaves empty. */
  override async deleteObject(bucket: string, key: string): Promise<void> {
    const files = this.filesOf(bucket, key);
    await this.withKey(bucket, key, async () => {
      for (const path of [files.object, files.md5, files.metadata]) {
        await unlink(path).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        });
      }
    });
    await this.removeEmptyFolders(bucket, key);
  }

  private filesOf(bucket: string, key: string): KeyFiles {
    return {
      object: this.getResourcePath(bucket, key, 'object'),
      md5: this.getResourcePath(bucket, key, 'object.md5'),
      metadata: this.getResourcePath(bucket, key, 'metadata.json'),
    };
  }

  private withKey<T>(bucket: string, key: string, task: () => Promise<T>): Promise<T> {
    return this.locks.run([`${bucket}/${key}`], task);
  }

  private snapshot(bucket: string, key: string, withHandle: boolean): Promise<VersionSnapshot | undefined> {
    const files = this.filesOf(bucket, key);
    return this.withKey(bucket, key, () => readSnapshot(files, withHandle));
  }

  private async publish(bucket: string, key: string, staged: StagedVersion): Promise<void> {
    await this.withKey(bucket, key, () => staged.publish());
  }

  /**
   * Removes the key's folders from the deepest up while they are empty, as
   * s3rver does. `rmdir` only removes an empty folder, so a PUT that is
   * staging a file in one keeps it (and a PUT whose folder vanished before
   * its first file recreates it: see `stageVersion`). Housekeeping only: a
   * failure stops it without failing the DELETE.
   */
  private async removeEmptyFolders(bucket: string, key: string): Promise<void> {
    const parts = FilesystemStore.encodeKeyPath(key).split('/');
    parts.pop(); // the last part is the file name
    const bucketPath = this.getBucketPath(bucket);
    for (; parts.length > 0; parts.pop()) {
      try {
        await rmdir(join(bucketPath, ...parts));
      } catch {
        return;
      }
    }
  }
}
