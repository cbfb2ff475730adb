/**
 * The embedded S3 server is atomic per key, as AWS S3 and MinIO are: over real
 * HTTP with the app's S3 client, every GET/HEAD/LIST racing PUTs (and DELETEs)
 * of one key sees exactly one written version — body, ETag (= MD5 of that body),
 * size and metadata all of the same version —, and a DELETE never breaks a PUT
 * of another key in its folder. s3rver 3.7.1 alone fails these (torn bodies,
 * ETags of another version, 500s on half-written metadata, hung GETs, and an
 * uncaught ENOENT that ends the process).
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { unquoteEtag } from '../../src/storage/s3-object-store';
import { runBounded, type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

/** One version a writer may PUT: distinct bytes, distinct size, its own metadata. */
interface Version {
  readonly index: number;
  readonly body: Buffer;
  readonly md5: string;
}

/** Sizes from 200 B to 384 KiB, so that a torn read cannot pass for another version. */
const SIZES = [200, 3_000, 17_000, 64_000, 150_000, 256_000, 384_000, 90_000, 9_000, 500, 33_000, 200_000];

function makeVersions(): Version[] {
  return SIZES.map((size, index) => {
    const body = Buffer.alloc(size, String.fromCharCode(65 + index));
    body.write(`version ${index}\n`);
    return { index, body, md5: createHash('md5').update(body).digest('hex') };
  });
}

function md5Of(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? String(error);
}

const MISSING = new Set(['NoSuchKey', 'NotFound']);

/** The racing reads and writes on one key, recording every inconsistency seen. */
class Race {
  readonly violations: string[] = [];
  private readonly byMd5: Map<string, Version>;

  constructor(
    private readonly s3: S3Fixture,
    private readonly client: S3Client,
    readonly key: string,
    readonly versions: readonly Version[],
    private readonly missingAllowed: boolean,
  ) {
    this.byMd5 = new Map(versions.map((v) => [v.md5, v]));
  }

  async put(version: Version): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.s3.bucket,
        Key: this.key,
        Body: version.body,
        ContentType: `application/x-version-${version.index}`,
        Metadata: { version: String(version.index) },
      }),
    );
  }

  async delete(): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s3.bucket, Key: this.key }));
  }

  /** GET: the body is one version, the ETag its MD5, size and metadata its own. */
  async get(): Promise<void> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: this.key }));
    const body = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    const version = this.byMd5.get(md5Of(body));
    const etag = unquoteEtag(out.ETag);
    if (version === undefined) this.fail(`GET: body of ${body.length} bytes is none of the versions (ETag ${etag})`);
    else if (etag !== version.md5) this.fail(`GET: body of version ${version.index} with ETag ${etag}`);
    else this.checkHeaders('GET', version, out.ContentLength, out.ContentType, out.Metadata);
  }

  /** HEAD: the ETag names a version, and size and metadata are that version's. */
  async head(): Promise<void> {
    const out = await this.client.send(new HeadObjectCommand({ Bucket: this.s3.bucket, Key: this.key }));
    const version = this.byMd5.get(unquoteEtag(out.ETag) ?? '');
    if (version === undefined) this.fail(`HEAD: ETag ${out.ETag} is no version's MD5`);
    else this.checkHeaders('HEAD', version, out.ContentLength, out.ContentType, out.Metadata);
  }

  /** LIST: the key is listed once, with the ETag and size of one version. */
  async list(): Promise<void> {
    const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.s3.bucket, Prefix: this.key }));
    const entries = (out.Contents ?? []).filter((entry) => entry.Key === this.key);
    if (entries.length === 0) {
      if (!this.missingAllowed) this.fail('LIST: the key is missing');
      return;
    }
    const [entry] = entries;
    const version = this.byMd5.get(unquoteEtag(entry.ETag) ?? '');
    if (entries.length > 1) this.fail(`LIST: the key is listed ${entries.length} times`);
    else if (version === undefined) this.fail(`LIST: ETag ${entry.ETag} is no version's MD5`);
    else if (entry.Size !== version.body.length) this.fail(`LIST: version ${version.index} listed with size ${entry.Size}`);
  }

  /** Runs `op`, recording an error as a violation (a missing key only where allowed). */
  async record(op: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      const name = errorName(error);
      if (!(this.missingAllowed && MISSING.has(name))) this.fail(`${op}: ${name}: ${(error as Error).message ?? ''}`);
    }
  }

  private checkHeaders(
    op: string,
    version: Version,
    length: number | undefined,
    type: string | undefined,
    metadata: Record<string, string> | undefined,
  ): void {
    const seen = `length ${length}, type ${type}, metadata ${metadata?.version}`;
    const expected = `length ${version.body.length}, type application/x-version-${version.index}, metadata ${version.index}`;
    if (seen !== expected) this.fail(`${op}: version ${version.index} with ${seen}`);
  }

  private fail(message: string): void {
    this.violations.push(message);
  }
}

/** The violations as a short summary (count and the first few), `{ count: 0 }` when none. */
function summary(violations: readonly string[]): { count: number; first: string[] } {
  return { count: violations.length, first: violations.slice(0, 8) };
}

/** Files of the data folder that are not s3rver's per-key files (a temporary file left behind, say). */
async function strayFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/\._S3rver_(object|object\.md5|metadata\.json)$/.test(path));
}

let s3: S3Fixture;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3Fixture('atomicity');
  client = s3.newClient({ requestTimeoutMs: 3000 });
});

afterAll(async () => {
  await s3.close();
});

/** Operation `index` of a fixed interleaving: 3 PUTs, 4 GETs, 2 HEADs, 2 LISTs (and a DELETE) per round. */
const ROUND = ['put', 'get', 'head', 'get', 'list', 'put', 'get', 'head', 'put', 'get', 'list', 'delete'] as const;

async function race(key: string, withDeletes: boolean, ops: number): Promise<Race> {
  const state = new Race(s3, client, key, makeVersions(), withDeletes);
  await state.put(state.versions[0]);
  await runBounded(ops, 16, async (index) => {
    const op = ROUND[index % ROUND.length];
    const version = state.versions[(index * 7) % state.versions.length];
    switch (op) {
      case 'put':
        return state.record('PUT', () => state.put(version));
      case 'get':
        return state.record('GET', () => state.get());
      case 'head':
        return state.record('HEAD', () => state.head());
      case 'list':
        return state.record('LIST', () => state.list());
      case 'delete':
        return withDeletes ? state.record('DELETE', () => state.delete()) : state.record('GET', () => state.get());
    }
  });
  return state;
}

test('GET, HEAD and LIST racing PUTs of one key see whole versions only; the last PUT leaves one whole version', async () => {
  const state = await race('race/one-key.bin', false, 360);
  expect(summary(state.violations)).toEqual({ count: 0, first: [] });
  // The final object: exactly one of the written versions, consistent everywhere.
  await state.record('final GET', () => state.get());
  await state.record('final HEAD', () => state.head());
  await state.record('final LIST', () => state.list());
  expect(summary(state.violations)).toEqual({ count: 0, first: [] });
});

test('with DELETEs in the race, a read sees either no object or a whole version; no temporary file is left', async () => {
  const state = await race('race/deleted.bin', true, 360);
  expect(summary(state.violations)).toEqual({ count: 0, first: [] });
  await state.record('final GET', () => state.get());
  await state.record('final LIST', () => state.list());
  expect(summary(state.violations)).toEqual({ count: 0, first: [] });
  expect(await strayFiles(s3.directory)).toEqual([]);
});

test('a DELETE emptying a folder and a PUT into that folder both succeed; the PUT stays readable', async () => {
  const failures: string[] = [];
  await runBounded(60, 4, async (round) => {
    const folder = `folder-${round}`;
    const put = (name: string) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${folder}/${name}`, Body: name }));
    try {
      await put('a');
      // The DELETE leaves the folder empty and removes it, unless b is already there.
      await Promise.all([client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${folder}/a` })), put('b')]);
      const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${folder}/b` }));
      const body = await out.Body?.transformToString();
      if (body !== 'b') failures.push(`${folder}/b reads ${JSON.stringify(body)}`);
    } catch (error) {
      failures.push(`${folder}: ${errorName(error)}`);
    }
  });
  expect(failures).toEqual([]);
});
