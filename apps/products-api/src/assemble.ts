import type { S3Client } from '@aws-sdk/client-s3';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { type CacheBackend, CacheKeyBuilder } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheMiddleware } from '@s3verless/express-cache';
import { createApp } from './app';
import { RESPONSE_CACHE_FIELD } from './http/cache-headers';
import { buildCaches, type Caches, closeCaches, redisCheck } from './caches';
import type { Config } from './config/config';
import { type ApiMetrics, createMetrics } from './observability/metrics';
import { throttledWarn } from './observability/throttled-log';
import { observeS3Requests } from './s3';
import { type ProductRepository, S3ProductRepository } from './storage';

/** What {@link assembleApi} needs: the configuration, a ready S3 client, a logger. */
export interface AssembleOptions {
  readonly config: Config;
  readonly client: S3Client;
  readonly logger: Logger;
  /** Wraps the repository the routes use (tests pause or observe it). */
  readonly wrapRepository?: (repository: S3ProductRepository) => ProductRepository;
  /** Wraps the data cache the routes use (tests and benchmarks observe it or inject faults). */
  readonly wrapCache?: (cache: CacheBackend) => CacheBackend;
}

/** The API's parts, wired. */
export interface AssembledApi {
  readonly app: Express;
  readonly caches: Caches;
  readonly repository: S3ProductRepository;
  readonly responses: ResponseCacheMiddleware;
  readonly metrics: ApiMetrics;
  /** Closes the caches and detaches from the S3 client (the caller owns the client). */
  close(): Promise<void>;
}

/**
 * Wires caches, repository, response cache, metrics and the Express app from
 * the configuration — the one assembly used by the runtime and the tests.
 */
export function assembleApi({ config, client, logger, wrapRepository, wrapCache }: AssembleOptions): AssembledApi {
  const metrics = createMetrics();
  const detach = observeS3Requests(client, metrics.s3Request);
  const warnTier = throttledWarn(logger.child({ component: 'cache' }));
  const caches = buildCaches(config, {
    onError: (error, event, cache) =>
      warnTier(
        `${cache}:${event.tier}:${event.operation}`,
        { err: error, cache, tier: event.tier, type: event.type, operation: event.operation, key: event.subject },
        'cache tier failed; went on without it',
      ),
  });
  const repository = new S3ProductRepository({
    client,
    bucket: config.S3_BUCKET,
    basePath: config.S3_BASE_PATH,
    concurrency: config.S3_LIST_CONCURRENCY,
    objectCache: caches.objects,
    staleSkuMarkerMs: config.SKU_MARKER_TAKEOVER_MS,
    logger: logger.child({ component: 'storage' }),
  });
  const warnResponses = throttledWarn(logger.child({ component: 'response-cache' }));
  const data = wrapCache ? wrapCache(caches.data) : caches.data;
  // Responses have stores of their own: distinct URLs evict responses, never the data above.
  // A shared HTTP cache (RFC 9111) that obeys only the routes' S3verless-Cache-Control (see
  // http/cache-headers.ts): Cache-Control there speaks to browsers and CDNs. No heuristic freshness:
  // a route that does not say how long is not stored. A stale entry is kept CACHE_TTL more for a
  // conditional revalidation (a 304 from the route renews it without sending the body again).
  const responses = cacheMiddleware({
    policy: 'http',
    cache: caches.responses,
    targetedCacheControl: [RESPONSE_CACHE_FIELD],
    heuristicMaxAge: 0,
    retainStale: config.CACHE_TTL,
    onEvent: (event) => {
      metrics.responseCacheEvent(event);
      if (event.type === 'error') {
        warnResponses(String(event.reason), { err: event.error, key: event.key, operation: event.reason }, 'cache backend failed; served without it');
      }
    },
  });
  metrics.watchCaches({ data: caches.data, responses: caches.responses, objects: caches.objects });
  const app = createApp({
    repository: wrapRepository ? wrapRepository(repository) : repository,
    cache: data,
    keys: new CacheKeyBuilder(),
    responses,
    responseSeconds: config.CACHE_TTL,
    responseStore: caches.responses,
    objectCache: caches.objects,
    logger,
    metrics,
    softChecks: { redis: () => redisCheck(caches) },
  });
  return {
    app,
    caches,
    repository,
    responses,
    metrics,
    close: async () => {
      detach();
      // Closes every tier and the bus (Redis connections included).
      await closeCaches(caches);
    },
  };
}
