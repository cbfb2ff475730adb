/**
 * Writing one version of an object the way s3rver lays it out (body, MD5 and
 * metadata as three files per key), but into temporary files first, so that a
 * version becomes visible only when {@link StagedVersion.publish} renames the
 * complete files into place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile as writeFileCallback } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

/** The three files of one key, as s3rver names them. */
export interface KeyFiles {
  /** `{key}._S3rver_object`: the body. */
  readonly object: string;
  /** `{key}._S3rver_object.md5`: the hex MD5 of the body, i.e. the ETag. */
  readonly md5: string;
  /** `{key}._S3rver_metadata.json`: content type, `x-amz-meta-*`, ... */
  readonly metadata: string;
}

/** A complete version in temporary files, not visible yet. */
export interface StagedVersion {
  /** Body length in bytes. */
  readonly size: number;
  /** Hex MD5 of the body. */
  readonly md5: string;
  /**
   * Renames the files into place. Call it holding the key's lock: readers of
   * the key see the three files change together. Deletes the temporary files
   * when it fails.
   */
  publish(): Promise<void>;
}

/**
 * Marks temporary files. No key's file can end like this (s3rver's files end
 * with `._S3rver_object`, `.md5` or `.json`), so listings never show them.
 */
export const TEMP_FILE_MARK = '.s3verless-tmp-';

/** Attempts to create a temporary file when its folder keeps vanishing (a DELETE removing an emptied folder). */
const CREATE_ATTEMPTS = 5;

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/** Creates `path` exclusively, creating its folder first (again, if a DELETE removed it meanwhile). */
async function createFile(path: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt += 1) {
    await mkdir(dirname(path), { recursive: true });
    try {
      return await open(path, 'wx');
    } catch (error) {
      if (!isCode(error, 'ENOENT') || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes `content` into the new file of `handle`, hashing it, and closes the
 * handle; resolves once every byte is flushed to the device.
 */
async function writeBody(handle: FileHandle, content: Readable | Buffer): Promise<{ size: number; md5: string }> {
  const hash = createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(content)) {
      hash.update(content);
      size = content.length;
      await handle.writeFile(content);
      await handle.datasync();
    } else {
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      // `flush`: fsync before the stream closes the handle.
      await pipeline(content, counter, handle.createWriteStream({ flush: true }));
    }
  } finally {
    await handle.close(); // already closed by the stream when it finished
  }
  return { size, md5: hash.digest('hex') };
}

/** The callback `writeFile`: fewer thread-pool round trips than `fs/promises` for a small file. */
const writeFile = promisify(writeFileCallback);

/**
 * Writes a small file beside the staged body (so its folder exists and stays),
 * exclusively, flushed to the device.
 */
function writeSmallFile(path: string, data: string): Promise<void> {
  return writeFile(path, data, { flag: 'wx', flush: true });
}

/**
 * Writes `content` and `storedMetadata` (the JSON s3rver keeps in the metadata
 * file) next to `files` under temporary names, flushed to the device, and
 * returns the version ready to publish. On failure (the client aborted the
 * upload, say) nothing is left behind and the key's current version is untouched.
 */
export async function stageVersion(files: KeyFiles, content: Readable | Buffer, storedMetadata: object): Promise<StagedVersion> {
  const suffix = `${TEMP_FILE_MARK}${randomBytes(8).toString('hex')}`;
  const temp: KeyFiles = { object: files.object + suffix, md5: files.md5 + suffix, metadata: files.metadata + suffix };
  const discard = () => Promise.all([removeQuietly(temp.object), removeQuietly(temp.md5), removeQuietly(temp.metadata)]);
  let written: { size: number; md5: string };
  try {
    const handle = await createFile(temp.object);
    // Settle both before a failure discards the files, so none is created after the discard.
    const [body, metadata] = await Promise.allSettled([
      writeBody(handle, content),
      writeSmallFile(temp.metadata, JSON.stringify(storedMetadata, null, 2)),
    ]);
    if (body.status === 'rejected') throw body.reason;
    if (metadata.status === 'rejected') throw metadata.reason;
    await writeSmallFile(temp.md5, body.value.md5);
    written = body.value;
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    ...written,
    async publish() {
      try {
        // Without an MD5 file a reader recomputes the ETag from the body, so a
        // crash between these renames can never pair a body with another's ETag.
        await unlink(files.md5).catch((error: unknown) => {
          if (!isCode(error, 'ENOENT')) throw error;
        });
        await rename(temp.metadata, files.metadata);
        await rename(temp.object, files.object);
        await rename(temp.md5, files.md5);
      } catch (error) {
        await discard();
        throw error;
      }
    },
  };
}
