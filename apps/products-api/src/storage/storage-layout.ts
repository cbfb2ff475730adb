/**
 * Where things live in the bucket (the S3verless layout, so a Python S3verless
 * service can read the same bucket):
 *
 * - `{basePath}products/{id}.json`: one JSON object per product;
 * - `{basePath}indexes/products/sku/{sku}.json`: `{"id": "<product id>"}`, the
 *   holder of a SKU (this service's uniqueness index).
 */
import { productSchema } from '../domain/product';
import { StorageOptionError } from './errors';

/** The default `basePath`, as S3verless. */
export const DEFAULT_BASE_PATH = 's3verless-data/';

const ID_SCHEMA = productSchema.shape.id;
const SKU_SCHEMA = productSchema.shape.sku;

/** Whether `id` is a well-formed product id (a UUID). Anything else is never sent to S3 as part of a key. */
export function isProductId(id: unknown): id is string {
  return typeof id === 'string' && ID_SCHEMA.safeParse(id).success;
}

/** Whether `sku` is a well-formed product sku (safe inside a key). */
export function isSku(sku: unknown): sku is string {
  return typeof sku === 'string' && SKU_SCHEMA.safeParse(sku).success;
}

/** Key builder for one base path. */
export class StorageLayout {
  /** Prefix listed by a scan: `{basePath}products/`. */
  readonly productsPrefix: string;
  /** Prefix of the SKU markers: `{basePath}indexes/products/sku/`. */
  readonly skuPrefix: string;

  /**
   * @param basePath `''` (bucket root) or a prefix ending with `/`, without a
   *   leading `/` or `..`/`.` segments.
   */
  constructor(readonly basePath: string = DEFAULT_BASE_PATH) {
    if (typeof basePath !== 'string') throw new StorageOptionError('basePath', 'must be a string');
    if (basePath !== '') {
      if (!basePath.endsWith('/')) throw new StorageOptionError('basePath', `must end with "/", got ${JSON.stringify(basePath)}`);
      if (basePath.startsWith('/')) throw new StorageOptionError('basePath', 'must not start with "/"');
      if (basePath.split('/').slice(0, -1).some((segment) => segment === '' || segment === '.' || segment === '..')) {
        throw new StorageOptionError('basePath', `has an empty, "." or ".." segment: ${JSON.stringify(basePath)}`);
      }
    }
    this.productsPrefix = `${basePath}products/`;
    this.skuPrefix = `${basePath}indexes/products/sku/`;
  }

  /** `{basePath}products/{id}.json`. */
  productKey(id: string): string {
    return `${this.productsPrefix}${id}.json`;
  }

  /** The id of a key of the form `{basePath}products/{uuid}.json`, else `undefined` (a foreign object). */
  idFromProductKey(key: string): string | undefined {
    if (!key.startsWith(this.productsPrefix) || !key.endsWith('.json')) return undefined;
    const id = key.slice(this.productsPrefix.length, -'.json'.length);
    return isProductId(id) ? id : undefined;
  }

  /** `{basePath}indexes/products/sku/{sku}.json`; the sku must be a valid product sku. */
  skuMarkerKey(sku: string): string {
    if (!isSku(sku)) throw new TypeError(`not a valid sku: ${JSON.stringify(sku)}`);
    return `${this.skuPrefix}${sku}.json`;
  }
}

/** Object-cache key of one version of an object: `s3obj:{bucket}/{key}:{etag}`. */
export function objectCacheKey(bucket: string, key: string, etag: string): string {
  return `s3obj:${bucket}/${key}:${etag}`;
}
