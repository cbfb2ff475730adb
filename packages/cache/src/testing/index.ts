/**
 * Test helpers of `@s3verless/cache`: a clock you move by hand and a backend
 * wrapper that injects failures and delays.
 * @packageDocumentation
 */
export { ManualClock } from './manual-clock';
export { FaultyCache, type CacheOperation } from './faulty-cache';
export { deferred, flushMicrotasks, type Deferred } from './deferred';
export { NullCache } from './null-cache';
export { MemoryBus, MemoryBusHub } from '../bus/memory-bus';
export { freePort, startRedisServer, type RedisServerHandle, type StartRedisServerOptions } from './redis-server';
