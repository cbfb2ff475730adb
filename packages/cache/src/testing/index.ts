/**
 * Test helpers of `@s3verless/cache`: a clock you move by hand, a backend
 * wrapper that injects failures and delays, and a backend that breaks the
 * contract (sync throws, promises that never settle, malformed leases).
 * @packageDocumentation
 */
export { ManualClock } from './manual-clock';
export { CACHE_OPERATIONS, type CacheOperation, InterceptingCache } from './intercepting-cache';
export { FaultyCache } from './faulty-cache';
export {
  CALL_MISBEHAVIOURS,
  type CallMisbehaviour,
  LEASE_MISBEHAVIOURS,
  type LeaseMisbehaviour,
  MisbehavingCache,
  type MisbehaviourCase,
  misbehaviourCases,
  MisbehaviourError,
} from './misbehaving-cache';
export { deferred, flushMicrotasks, type Deferred } from './deferred';
export { NullCache } from './null-cache';
export { ProcessFailures } from './process-failures';
export { MemoryBus, MemoryBusHub } from '../bus/memory-bus';
export { freePort, startRedisServer, type RedisServerHandle, type StartRedisServerOptions } from './redis-server';
