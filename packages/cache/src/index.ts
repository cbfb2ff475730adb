/**
 * `@s3verless/cache`: cache backends for APIs that keep their data in S3.
 *
 * - {@link InMemoryCache}: TTL cache, optional bound, FIFO eviction.
 * - {@link LRUCache}: bounded, least-recently-used eviction, hit rate.
 * - {@link CompositeCache}: tiers (fastest first) with promotion and fail-open reads.
 * - {@link CacheKeyBuilder}: key formats shared with Python S3verless.
 *
 * Every backend fulfils {@link CacheBackend}; ttls are in seconds.
 * @packageDocumentation
 */
export type { CacheBackend, CacheEntry, CacheLease, CacheStats, SetManyInput } from './backend';
export { BaseCache } from './base-cache';
export { assertCacheBackend, BACKEND_METHODS, checkLease, leaseIsValid, missingBackendMethods, releaseIfPossible } from './backend-contract';
export { type Clock, monotonicClock, MONOTONIC_CLOCK_RESOLUTION_MS } from './clock';
export {
  CompositeCache,
  type CompositeCacheOptions,
  type CompositeCacheStats,
  type TierConfig,
  type TierErrorEvent,
} from './composite-cache';
export {
  CacheTimeoutError,
  CacheUnavailableError,
  IncompleteBackendError,
  InvalidArgumentError,
  InvalidOptionError,
  InvalidTtlError,
  MalformedLeaseError,
  TierInvalidationError,
  type TierFailure,
} from './errors';
export { compileGlob, globEscape, globToRegExp, isGlobLiteral, type GlobKind, type GlobMatcher } from './glob';
export { InMemoryCache, type InMemoryCacheOptions } from './in-memory-cache';
export { canonicalJson } from './canonical-json';
export {
  CacheKeyBuilder,
  type CacheFilters,
  type CacheKeyBuilderOptions,
  type ModelListKeyOptions,
  type ModelRef,
  type SortOrder,
} from './key-builder';
export { LRUCache, type LRUCacheOptions } from './lru-cache';
export { LeaseTable, type Lease } from './lease-table';
export type { StoreCacheStats } from './store-cache';
export { withTimeout } from './timeout';
export type { BusStats, CompositeBusOptions } from './bus/bus-link';
export {
  BUS_MESSAGE_VERSION,
  BusSubscribers,
  decodeBusMessage,
  encodeBusMessage,
  type InvalidationBus,
  type InvalidationBusHandlers,
  type InvalidationMessage,
  type InvalidationOp,
} from './bus/invalidation-bus';
export { InvalidationBusError, MalformedBusMessageError } from './errors';
