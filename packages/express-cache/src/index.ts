/**
 * `@s3verless/express-cache`: a response cache for Express 4 and 5, Connect and
 * plain `node:http` that is safe by default, fast on hits, and never serves
 * data that a completed write replaced.
 * @packageDocumentation
 */
export { cacheMiddleware, type ResponseCacheMiddleware } from './middleware';
export type { ResponseCacheOptions } from './options';
export type { HttpPolicyOptions } from './http-policy/options';
export type { Middleware, NextCallback } from './middleware-call';
export type { InvalidationPatterns } from './invalidate-after';
export type { ResponseCacheEvent, ResponseCacheEventType, ResponseCacheStats } from './events';
export { requestKey, type KeyDecision, type KeyFormat } from './request-key';
export { canonicalQuery } from './keys/canonical-query';
export { queryParserOf, type QueryParserKind } from './keys/query-parser';
export { MAX_QUERY_PAIRS, readTarget, type TargetReading, type TargetRefusal } from './keys/request-target';
export type { StoredResponse } from './stored-response';
