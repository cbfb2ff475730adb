/**
 * The storage contract the routes use. They never touch the S3 SDK; every
 * failure reaches them as a named error from `./errors`.
 */
import type { Product } from '../domain/product';

/**
 * Products by id, with SKUs unique across the store.
 *
 * Products returned are frozen (they may be shared with a cache): copy before
 * changing one.
 */
export interface ProductRepository {
  /** The product, or `undefined` when absent (or stored in a form that does not parse). */
  get(id: string): Promise<Product | undefined>;
  /** Every stored product, from ONE listing pass (ListObjectsV2 pages + GETs of changed objects). No stable order. */
  scan(): Promise<Product[]>;
  /** Stores a new product. @throws DuplicateSkuError when the sku is taken. */
  create(product: Product): Promise<void>;
  /**
   * Replaces `previous` (same id) by `next`. A changed sku is reserved first and
   * the old one freed after the write. When `previous` is a product this
   * repository's `get` returned, the write only happens if the stored product
   * is still that version (read-modify-write without lost updates).
   * @throws DuplicateSkuError when `next.sku` is taken.
   * @throws ConcurrentUpdateError when the product changed since `previous` was read.
   */
  replace(previous: Product, next: Product): Promise<void>;
  /** Removes the product and frees its sku; `true` when it existed. */
  delete(product: Product): Promise<boolean>;
  /** Resolves when the store answers. @throws StorageUnavailableError when unreachable or the bucket is missing. */
  ping(): Promise<void>;
}

/** Where the storage layer reports skipped objects and repairs (pino-compatible). */
export interface StorageLogger {
  warn(details: object, message: string): void;
}

/** A logger that drops everything. */
export const silentStorageLogger: StorageLogger = Object.freeze({ warn() {} });
