import { randomUUID } from 'node:crypto';
import type { CacheBackend, CacheKeyBuilder } from '@s3verless/cache';
import { type Product, productCreateSchema, productFieldsSchema, productPatchSchema, toStoredProduct } from '../domain/product';
import { applyListQuery, countMatching, type ListPage, type ParsedListQuery } from '../query';
import { ConcurrentUpdateError, type ProductRepository } from '../storage';
import { KeyedMutex } from '../storage/keyed-mutex';

/**
 * Attempts of one update (read, change, conditional write) when another writer
 * keeps changing the product in between; the last failure answers 409.
 */
export const MAX_UPDATE_ATTEMPTS = 5;

/** The model name in cache keys (`s3v:model:Product:{id}`), as Python S3verless names it. */
export const PRODUCT_MODEL = 'Product';

/** Something that can drop cached HTTP responses (the response cache middleware). */
export interface ResponseInvalidator {
  invalidate(patterns: string | readonly string[]): Promise<number>;
  pathPattern(path: string): string;
}

/** What the service needs. */
export interface ProductServiceDeps {
  readonly repository: ProductRepository;
  /** Data cache: products by id, list pages and counts (keys from `keys`). */
  readonly cache: CacheBackend;
  readonly keys: CacheKeyBuilder;
  /** Cached responses of `/products...`, invalidated on every write. */
  readonly responses?: ResponseInvalidator;
  /** Wall clock for `created_at`/`updated_at`. Default: `new Date()`. */
  readonly now?: () => Date;
}

/**
 * The products use cases, with the caching of the guide: cache-aside reads by
 * id (`modelKey`), cached list and count results (`modelListKey`,
 * `modelCountKey`), write-through on create, removal of the cached product on
 * update and delete (see `afterWrite` for why), and on every write the
 * invalidation of lists, counts and cached responses — all finished before the
 * write's caller gets its answer. Reads that were loading when a write landed
 * do not store their older result (the cache's leases).
 */
export class ProductService {
  private readonly now: () => Date;
  /** One read-modify-write per product at a time in this process (see {@link ProductService.update}). */
  private readonly updating = new KeyedMutex();

  constructor(private readonly deps: ProductServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A product by id, from the cache or S3. */
  get(id: string): Promise<Product | undefined> {
    return this.deps.cache.getOrSet(this.deps.keys.modelKey(PRODUCT_MODEL, id), () => this.deps.repository.get(id));
  }

  /** One page of the filtered, sorted list, total count included (one scan of the bucket on a miss). */
  list(query: ParsedListQuery): Promise<ListPage> {
    const key = this.deps.keys.modelListKey(PRODUCT_MODEL, {
      filters: query.cacheFilters,
      sortField: query.sortBy,
      sortOrder: query.sortOrder,
      page: query.page,
      pageSize: query.pageSize,
    });
    return this.deps.cache.getOrSet(key, async () => applyListQuery(await this.deps.repository.scan(), query));
  }

  /** How many products match the filters. */
  count(query: ParsedListQuery): Promise<number> {
    const key = this.deps.keys.modelCountKey(PRODUCT_MODEL, query.cacheFilters);
    return this.deps.cache.getOrSet(key, async () => countMatching(await this.deps.repository.scan(), query.filters));
  }

  /** Creates a product from a request body. @throws ZodError, DuplicateSkuError, StorageUnavailableError */
  async create(body: unknown): Promise<Product> {
    const fields = productFieldsSchema.parse(stripReadOnly(productCreateSchema.parse(body)));
    const at = this.now().toISOString();
    const product = toStoredProduct(randomUUID(), at, at, fields);
    await this.deps.repository.create(product);
    await this.afterWrite(product.id, product);
    return product;
  }

  /** Replaces every client field of a product (PUT); `undefined` when it does not exist. */
  async replace(id: string, body: unknown): Promise<Product | undefined> {
    const fields = productFieldsSchema.parse(stripReadOnly(productCreateSchema.parse(body)));
    return this.update(id, () => fields);
  }

  /** Changes some client fields of a product (PATCH); `undefined` when it does not exist. */
  async patch(id: string, body: unknown): Promise<Product | undefined> {
    const changes = stripReadOnly(productPatchSchema.parse(body));
    return this.update(id, (current) => productFieldsSchema.parse({ ...clientFields(current), ...changes }));
  }

  /** Deletes a product; `false` when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const current = await this.deps.repository.get(id);
    if (current === undefined) return false;
    const deleted = await this.deps.repository.delete(current);
    await this.afterWrite(id, undefined);
    return deleted;
  }

  /**
   * Read, change, write — again from a fresh read when another writer changed
   * the product in between (the repository's conditional write reports it), so
   * two concurrent PATCHes of different fields both survive.
   *
   * The updates of one product in this process take turns (read to write): they
   * would otherwise all read the same version and all but one lose, over and
   * over. Only writers in other processes can then make an attempt fail. (On Ceph
   * RGW, 6 concurrent PATCHes of a hot product per process took up to 4.6 s and
   * some gave up with 409 — the coherence check with `--s3 real`.)
   */
  private async update(id: string, nextFields: (current: Product) => ReturnType<typeof productFieldsSchema.parse>): Promise<Product | undefined> {
    const next = await this.updating.run([id], async () => {
      for (let attempt = 1; ; attempt += 1) {
        // Always from S3, never from the cache: created_at, the sku reservation and the version depend on it.
        const current = await this.deps.repository.get(id);
        if (current === undefined) return undefined;
        const candidate = toStoredProduct(id, current.created_at, this.now().toISOString(), nextFields(current));
        try {
          await this.deps.repository.replace(current, candidate);
          return candidate;
        } catch (error) {
          if (error instanceof ConcurrentUpdateError && attempt < MAX_UPDATE_ATTEMPTS) continue;
          throw error;
        }
      }
    });
    if (next !== undefined) await this.afterWrite(id, undefined);
    return next;
  }

  /**
   * After a write reached S3: the cached product is **removed** (not replaced)
   * and lists and counts are invalidated, **then** cached responses — all before
   * the writer answers. A created product is written through instead: nobody else
   * can know its id before this write answers, so no other writer can race it.
   *
   * Why not write-through on update: S3 keeps the PUT it received last, and no
   * writer learns that order (ETags are not ordered; two writers' answers can
   * arrive in either order), so "PUT, then SET my version" lets a writer whose
   * PUT answer was slow install its older version over the newer one, in this
   * process or another (issue 9, defect 2). Removing the entry is correct in
   * any order: the next read loads from S3 through the cache's lease, which
   * every later removal revokes, so a load that read S3 before some write
   * landed is never stored after that write's removal. The cost is one S3 GET
   * on the first read after a write (measured in the README).
   */
  private async afterWrite(id: string, created: Product | undefined): Promise<void> {
    const { cache, keys, responses } = this.deps;
    const key = keys.modelKey(PRODUCT_MODEL, id);
    await Promise.all([
      created === undefined ? cache.delete(key) : cache.set(key, created),
      cache.deletePattern(keys.modelListPattern(PRODUCT_MODEL)),
      cache.deletePattern(keys.modelCountPattern(PRODUCT_MODEL)),
    ]);
    // Responses are made from the data above: dropped only once it is gone, or a request
    // between the two could build a response from the old data and store it afresh.
    await responses?.invalidate(responses.pathPattern('/products'));
  }
}

/** The read-only fields are accepted in bodies (so a GET result can be PUT back) and ignored. */
function stripReadOnly<T extends { id?: unknown; created_at?: unknown; updated_at?: unknown }>(
  body: T,
): Omit<T, 'id' | 'created_at' | 'updated_at'> {
  const { id: _id, created_at: _created, updated_at: _updated, ...fields } = body;
  return fields;
}

function clientFields(product: Product): Omit<Product, 'id' | 'created_at' | 'updated_at'> {
  return stripReadOnly(product);
}
