/**
 * `@s3verless/cache/redis`: the shared tier, for services that run as several
 * processes. Only this entry point loads `ioredis` (an optional peer
 * dependency of `@s3verless/cache`).
 *
 * - {@link RedisCache}: a `CacheBackend` in Redis, with per-command timeouts,
 *   a circuit breaker and leases that hold across processes.
 * - {@link RedisInvalidationBus}: the invalidation bus over Redis pub/sub, so that
 *   a write on one instance evicts the in-process tiers of the others.
 * @packageDocumentation
 */
export { RedisCache, type RedisCacheStats } from './redis-cache';
export { wallClock, type RedisCacheOptions, type RedisErrorEvent } from './options';
export { CircuitBreaker, type BreakerState, type BreakerTicket, type CircuitBreakerSettings } from './circuit-breaker';
export { globToRedisMatch, escapeRedisLiteral, type RedisMatch } from './redis-glob';
export type { LockTimer } from './lock-wait';
export { CacheTimeoutError, CacheUnavailableError } from '../errors';
export { RedisInvalidationBus, type RedisInvalidationBusOptions, type RedisInvalidationBusStats } from './redis-invalidation-bus';
