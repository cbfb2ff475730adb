/** The storage layer of the products API: the repository contract, its S3 implementation, its errors. */
export type { ProductRepository, StorageLogger } from './product-repository';
export { silentStorageLogger } from './product-repository';
export { S3ProductRepository } from './s3-product-repository';
export type { S3ProductRepositoryOptions } from './repository-options';
export { DEFAULT_BASE_PATH, StorageLayout, isProductId, objectCacheKey } from './storage-layout';
export {
  ConcurrentUpdateError,
  DuplicateSkuError,
  InvalidProductError,
  StorageOptionError,
  StorageUnavailableError,
  type StorageFailureReason,
} from './errors';
