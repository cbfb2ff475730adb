/**
 * {@link ProductRepository} over S3: one JSON object per product, a marker
 * object per SKU for uniqueness, an object cache keyed by ETag so that a
 * re-scan downloads only what changed.
 */
import type { Product } from '../domain/product';
import { ConcurrentUpdateError, InvalidProductError } from './errors';
import { KeyedMutex } from './keyed-mutex';
import { createLimiter, type Limiter } from './limiter';
import { assertValidProduct, decodeProduct, encodeProduct } from './product-codec';
import type { ProductRepository } from './product-repository';
import { type ResolvedRepositoryOptions, resolveRepositoryOptions, type S3ProductRepositoryOptions } from './repository-options';
import { type ListedObject, S3ObjectStore } from './s3-object-store';
import { SkuIndex } from './sku-index';
import { isProductId, isSku, objectCacheKey, StorageLayout } from './storage-layout';

/**
 * Per-SKU and per-id locks shared by every repository of this process (keys
 * carry the bucket), so two repositories on one bucket still serialise.
 * Order: the id lock first, then every SKU lock at once (sorted): no cycles.
 */
const processLocks = new KeyedMutex();

/** Outcome of reading one product object. */
type ReadResult =
  | { readonly status: 'missing' }
  | {
      readonly status: 'corrupt';
      readonly problem: string;
      readonly etag: string | undefined;
      /** The ETag is the MD5 of the bytes judged, so the verdict holds for every read of that ETag. */
      readonly etagNamesBody: boolean;
    }
  | { readonly status: 'ok'; readonly product: Product; readonly etag: string | undefined };

/** A listed object that looks like a product. */
interface Candidate {
  readonly key: string;
  readonly id: string;
  readonly cacheKey: string | undefined;
}

/** Keys of skipped objects already logged (bounded, so logs do not repeat every scan). */
const MAX_REPORTED = 10_000;

/**
 * Products stored in S3 with the S3verless layout.
 *
 * Concurrency: SKU uniqueness holds across processes on servers that enforce
 * conditional writes (AWS S3, MinIO, Ceph RGW), and inside one process on any server
 * (per-SKU locks), which covers s3rver.
 *
 * Read-modify-write: `replace(previous, next)` with a `previous` that `get`
 * returned writes with `If-Match` of the ETag `get` read, so a change made by
 * anyone in between fails it with {@link ConcurrentUpdateError} instead of
 * being lost (the caller reads again and re-applies). The embedded server does
 * not enforce `If-Match`: there the last write still wins.
 *
 * Object cache: a decoded product is kept by key + ETag. An object that does
 * not decode is remembered as corrupt (so re-scans do not download it again)
 * only when its ETag is the MD5 of the very bytes that failed: then the ETag
 * names those bytes and the verdict holds for good. Otherwise (a torn read on a
 * server that is not atomic per key, a multipart or encrypted object whose ETag
 * is no MD5) nothing is remembered and the next scan reads it again, so a torn
 * read can no longer hide a valid version until its next write. A product that
 * decodes is remembered under the ETag it came with, without that proof: with
 * SSE-KMS every ETag differs from the MD5, and asking for it would disable the
 * cache there.
 *
 * @example
 * ```ts
 * const repo = new S3ProductRepository({ client, bucket: 'products', logger });
 * await repo.create(product);
 * const all = await repo.scan();
 * ```
 */
export class S3ProductRepository implements ProductRepository {
  /** The key layout in use. */
  readonly layout: StorageLayout;
  private readonly options: ResolvedRepositoryOptions;
  private readonly store: S3ObjectStore;
  private readonly skus: SkuIndex;
  private readonly reported = new Set<string>();
  /** The ETag each product returned by `get` was read with (see the class comment). */
  private readonly versions = new WeakMap<Product, string>();

  /** @throws StorageOptionError for an unusable option. */
  constructor(options: S3ProductRepositoryOptions) {
    this.options = resolveRepositoryOptions(options);
    this.layout = new StorageLayout(this.options.basePath);
    this.store = new S3ObjectStore(this.options.client, this.options.bucket);
    this.skus = new SkuIndex({
      store: this.store,
      layout: this.layout,
      logger: this.options.logger,
      staleAfterMs: this.options.staleSkuMarkerMs,
      now: this.options.now,
      holds: async (id, sku) => {
        const read = await this.read(id);
        return read.status === 'ok' && read.product.sku === sku;
      },
    });
  }

  async get(id: string): Promise<Product | undefined> {
    if (!isProductId(id)) return undefined;
    const read = await this.read(id);
    if (read.status === 'corrupt') this.reportSkipped(this.layout.productKey(id), read.etag, read.problem);
    if (read.status !== 'ok') return undefined;
    await this.remember(this.layout.productKey(id), read.etag, read.product);
    if (read.etag !== undefined) this.versions.set(read.product, read.etag);
    return read.product;
  }

  async scan(): Promise<Product[]> {
    const limit = createLimiter(this.options.concurrency);
    const products: Product[] = [];
    const pages: Promise<void>[] = [];
    let listingError: { error: unknown } | undefined;
    try {
      let token: string | undefined;
      do {
        const page = await this.store.listPage(this.layout.productsPrefix, token);
        pages.push(this.loadPage(page.objects, limit, products));
        token = page.nextToken;
      } while (token !== undefined);
    } catch (error) {
      listingError = { error };
    }
    // Settle every page before answering, so nothing still runs after scan() settles.
    const outcomes = await Promise.allSettled(pages);
    if (listingError !== undefined) throw listingError.error;
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    return products;
  }

  async create(product: Product): Promise<void> {
    const next = assertValidProduct(product);
    await this.withLocks(next.id, [next.sku], async () => {
      const reservation = await this.skus.reserve(next.sku, next.id);
      try {
        await this.write(next);
      } catch (error) {
        if (reservation !== 'already-held') await this.releaseQuietly(next.sku, next.id);
        throw error;
      }
    });
  }

  async replace(previous: Product, next: Product): Promise<void> {
    const stored = assertValidProduct(next);
    if (previous === null || typeof previous !== 'object' || previous.id !== stored.id) {
      throw new InvalidProductError('replace: previous and next must be the same product (same id)');
    }
    const oldSku = isSku(previous.sku) ? previous.sku : stored.sku;
    const readVersion = this.versions.get(previous);
    await this.withLocks(stored.id, [stored.sku, oldSku], async () => {
      const reservation = await this.skus.reserve(stored.sku, stored.id);
      try {
        await this.write(stored, readVersion);
      } catch (error) {
        if (oldSku !== stored.sku && reservation !== 'already-held') await this.releaseQuietly(stored.sku, stored.id);
        throw error;
      }
      if (oldSku !== stored.sku) await this.releaseQuietly(oldSku, stored.id);
    });
  }

  async delete(product: Product): Promise<boolean> {
    const id = product?.id;
    if (!isProductId(id)) return false;
    const releaseId = await processLocks.lock(this.lockKey(`id:${id}`));
    try {
      const current = await this.read(id);
      const skus = new Set<string>();
      if (isSku(product.sku)) skus.add(product.sku);
      if (current.status === 'ok') skus.add(current.product.sku);
      return await processLocks.run([...skus].map((sku) => this.lockKey(this.layout.skuMarkerKey(sku))), async () => {
        if (current.status !== 'missing') await this.store.delete(this.layout.productKey(id));
        for (const sku of skus) await this.releaseQuietly(sku, id);
        return current.status !== 'missing';
      });
    } finally {
      releaseId();
    }
  }

  async ping(): Promise<void> {
    await this.store.headBucket();
  }

  /** Reads and decodes the product object of `id`. */
  private async read(id: string): Promise<ReadResult> {
    const object = await this.store.getText(this.layout.productKey(id), this.options.maxObjectBytes);
    if (object === undefined) return { status: 'missing' };
    if (object === 'too-large') return { status: 'corrupt', problem: 'larger than maxObjectBytes', etag: undefined, etagNamesBody: false };
    const decoded = decodeProduct(object.body, id);
    return decoded.ok
      ? { status: 'ok', product: decoded.product, etag: object.etag }
      : { status: 'corrupt', problem: decoded.problem, etag: object.etag, etagNamesBody: object.etagIsBodyMd5 };
  }

  /**
   * Writes the product object (only over version `ifMatch` when given) and
   * primes the object cache with the new version.
   * @throws ConcurrentUpdateError when the stored version is no longer `ifMatch`.
   */
  private async write(product: Product, ifMatch?: string): Promise<void> {
    const key = this.layout.productKey(product.id);
    const outcome = await this.store.putText(key, encodeProduct(product), ifMatch === undefined ? undefined : { ifMatch });
    if (!outcome.written) throw new ConcurrentUpdateError(product.id);
    await this.remember(key, outcome.etag, Object.freeze({ ...product }));
  }

  /** Loads one listing page: cached versions from the object cache, the rest with GETs. */
  private async loadPage(objects: readonly ListedObject[], limit: Limiter, out: Product[]): Promise<void> {
    const candidates: Candidate[] = [];
    for (const object of objects) {
      const id = this.layout.idFromProductKey(object.key);
      if (id === undefined) {
        this.reportSkipped(object.key, object.etag, 'not a {uuid}.json product key');
      } else if (object.size !== undefined && object.size > this.options.maxObjectBytes) {
        this.reportSkipped(object.key, object.etag, 'larger than maxObjectBytes');
      } else {
        const cacheKey = object.etag === undefined ? undefined : objectCacheKey(this.options.bucket, object.key, object.etag);
        candidates.push({ key: object.key, id, cacheKey });
      }
    }
    const cached = await this.recall(candidates.flatMap((c) => (c.cacheKey === undefined ? [] : [c.cacheKey])));
    const loads = candidates.map(async (candidate) => {
      const hit = candidate.cacheKey === undefined ? undefined : cached.get(candidate.cacheKey);
      if (hit === null) return; // a version known to be corrupt
      if (isCachedProduct(hit, candidate.id)) {
        out.push(hit);
        return;
      }
      await limit(async () => {
        const read = await this.read(candidate.id);
        if (read.status === 'missing') return; // deleted since the listing
        if (read.status === 'corrupt') {
          this.reportSkipped(candidate.key, read.etag, read.problem);
          // Remember "corrupt" by ETag only when the ETag is the MD5 of the bytes judged: a torn
          // read (a body paired with another version's ETag) must not hide that version for good.
          if (read.etagNamesBody) await this.remember(candidate.key, read.etag, null);
          return;
        }
        out.push(read.product);
        await this.remember(candidate.key, read.etag, read.product);
      });
    });
    const outcomes = await Promise.allSettled(loads);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }

  /** Object-cache hits among `keys`; a failing cache counts as all misses. */
  private async recall(keys: readonly string[]): Promise<Map<string, unknown>> {
    const cache = this.options.objectCache;
    if (cache === null || keys.length === 0) return new Map();
    try {
      return await cache.getMany(keys);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'object cache read failed; downloading instead');
      return new Map();
    }
  }

  /** Stores one decoded version (`null`: known corrupt) in the object cache; failures are only logged. */
  private async remember(key: string, etag: string | undefined, value: Product | null): Promise<void> {
    const cache = this.options.objectCache;
    if (cache === null || etag === undefined) return;
    try {
      await cache.set(objectCacheKey(this.options.bucket, key, etag), value, this.options.objectCacheTtl);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'object cache write failed');
    }
  }

  private async withLocks(id: string, skus: readonly string[], task: () => Promise<void>): Promise<void> {
    const releaseId = await processLocks.lock(this.lockKey(`id:${id}`));
    try {
      await processLocks.run(
        skus.map((sku) => this.lockKey(this.layout.skuMarkerKey(sku))),
        task,
      );
    } finally {
      releaseId();
    }
  }

  private lockKey(name: string): string {
    return `${this.options.bucket}\u0000${name}`;
  }

  /** Frees a SKU marker held by `id`; a failure leaves a stale marker (taken over later) and is logged. */
  private async releaseQuietly(sku: string, id: string): Promise<void> {
    try {
      await this.skus.release(sku, id);
    } catch (error) {
      this.options.logger.warn({ err: error, sku, id }, 'could not free a sku marker; it will be taken over once stale');
    }
  }

  private reportSkipped(key: string, etag: string | undefined, problem: string): void {
    const id = `${key}\u0000${etag ?? ''}`;
    if (this.reported.has(id)) return;
    if (this.reported.size >= MAX_REPORTED) this.reported.clear();
    this.reported.add(id);
    this.options.logger.warn({ bucket: this.options.bucket, key, etag, problem }, 'skipped an object that is not a valid product');
  }
}

function isCachedProduct(value: unknown, id: string): value is Product {
  return value !== null && typeof value === 'object' && (value as { id?: unknown }).id === id;
}
