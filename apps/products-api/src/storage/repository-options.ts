/**
 * Options of `S3ProductRepository`, their defaults and their validation.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { type CacheBackend, LRUCache } from '@s3verless/cache';
import { StorageOptionError } from './errors';
import { type StorageLogger, silentStorageLogger } from './product-repository';
import { DEFAULT_BASE_PATH } from './storage-layout';

/** Options of `S3ProductRepository`. */
export interface S3ProductRepositoryOptions {
  /** The S3 client (see `createS3Client`); the caller owns and destroys it. */
  client: S3Client;
  /** Bucket holding the data. */
  bucket: string;
  /** Prefix of every key: `''` or ending with `/`. Default `s3verless-data/`. */
  basePath?: string;
  /** Most GetObject calls at once during a scan (1..1024). Default `16`. */
  concurrency?: number;
  /**
   * Cache of decoded objects keyed by S3 key + ETag (`s3obj:{bucket}/{key}:{etag}`),
   * so a re-scan only GETs objects whose ETag changed. Entries never go stale
   * (a new version has a new ETag), so a shared tier (Redis) is safe. Default: an
   * in-process `LRUCache` of 10,000 entries without expiry; `null` disables it.
   */
  objectCache?: CacheBackend | null;
  /** Lifetime in seconds of object-cache entries; default: the backend's own default. */
  objectCacheTtl?: number;
  /** Receives skipped (corrupt, foreign) objects and SKU repairs. Default: silent. */
  logger?: StorageLogger;
  /**
   * Age in ms after which a SKU marker whose holder is gone may be taken over
   * (must exceed the longest product write of any instance; counted from the
   * marker's Last-Modified + 1 s, its resolution). Default `60000`; the API
   * reads it from `SKU_MARKER_TAKEOVER_MS`.
   */
  staleSkuMarkerMs?: number;
  /** Wall clock in ms, compared with S3 Last-Modified times. Default `Date.now`. */
  now?: () => number;
  /** Objects larger than this (bytes) are never downloaded as products. Default 1 MiB. */
  maxObjectBytes?: number;
}

/** Options with every default applied. */
export interface ResolvedRepositoryOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly basePath: string;
  readonly concurrency: number;
  readonly objectCache: CacheBackend | null;
  readonly objectCacheTtl: number | undefined;
  readonly logger: StorageLogger;
  readonly staleSkuMarkerMs: number;
  readonly now: () => number;
  readonly maxObjectBytes: number;
}

const KNOWN = new Set([
  'client',
  'bucket',
  'basePath',
  'concurrency',
  'objectCache',
  'objectCacheTtl',
  'logger',
  'staleSkuMarkerMs',
  'now',
  'maxObjectBytes',
]);

/** Default size of the in-process object cache. */
export const DEFAULT_OBJECT_CACHE_SIZE = 10_000;

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function')
  );
}

function integerIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StorageOptionError(option, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * Validates `options` and applies the defaults.
 * @throws StorageOptionError naming the first unusable option.
 */
export function resolveRepositoryOptions(options: S3ProductRepositoryOptions): ResolvedRepositoryOptions {
  if (options === null || typeof options !== 'object') throw new StorageOptionError('options', 'must be an object');
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new StorageOptionError(name, `unknown option (known: ${[...KNOWN].join(', ')})`);
  }
  const o = options;
  if (!hasMethods(o.client, ['send'])) throw new StorageOptionError('client', 'must be an S3Client');
  if (typeof o.bucket !== 'string' || o.bucket === '') throw new StorageOptionError('bucket', 'must be a non-empty string');
  if (o.objectCache !== undefined && o.objectCache !== null && !hasMethods(o.objectCache, ['getMany', 'set'])) {
    throw new StorageOptionError('objectCache', 'must be a CacheBackend (with getMany and set) or null');
  }
  if (o.objectCacheTtl !== undefined && (typeof o.objectCacheTtl !== 'number' || !(o.objectCacheTtl > 0))) {
    throw new StorageOptionError('objectCacheTtl', `must be a positive number of seconds, got ${String(o.objectCacheTtl)}`);
  }
  if (o.logger !== undefined && !hasMethods(o.logger, ['warn'])) {
    throw new StorageOptionError('logger', 'must have a warn(details, message) method');
  }
  if (o.now !== undefined && typeof o.now !== 'function') throw new StorageOptionError('now', 'must be a function');
  const staleSkuMarkerMs = o.staleSkuMarkerMs ?? 60_000;
  if (typeof staleSkuMarkerMs !== 'number' || !Number.isFinite(staleSkuMarkerMs) || staleSkuMarkerMs < 0) {
    throw new StorageOptionError('staleSkuMarkerMs', `must be a finite number >= 0, got ${String(staleSkuMarkerMs)}`);
  }
  return {
    client: o.client,
    bucket: o.bucket,
    basePath: o.basePath ?? DEFAULT_BASE_PATH,
    concurrency: integerIn('concurrency', o.concurrency ?? 16, 1, 1024),
    objectCache:
      o.objectCache === undefined
        ? new LRUCache({ maxSize: DEFAULT_OBJECT_CACHE_SIZE, defaultTtl: null, cleanupInterval: null })
        : o.objectCache,
    objectCacheTtl: o.objectCacheTtl,
    logger: o.logger ?? silentStorageLogger,
    staleSkuMarkerMs,
    now: o.now ?? Date.now,
    maxObjectBytes: integerIn('maxObjectBytes', o.maxObjectBytes ?? 1024 * 1024, 1, 64 * 1024 * 1024),
  };
}
