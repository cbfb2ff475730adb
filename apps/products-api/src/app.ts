import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { CacheBackend, CacheKeyBuilder } from '@s3verless/cache';
import type { ResponseCacheMiddleware } from '@s3verless/express-cache';
import { errorHandler, unknownRoute } from './http/error-handler';
import { jsonBody } from './http/json-body';
import { otherMethods } from './http/methods';
import { type ApiMetrics, rememberMountPath } from './observability/metrics';
import { requestLogging } from './observability/request-logging';
import { docsRouter } from './routes/docs';
import { operationsRouter, type SoftChecks } from './routes/operations';
import { productsRouter } from './routes/products';
import { ProductService } from './service/product-service';
import type { ProductRepository } from './storage';

/** Everything the HTTP app is built from (the runtime wires the real ones; tests may wrap them). */
export interface AppDeps {
  readonly repository: ProductRepository;
  /** Data cache (products, lists, counts). */
  readonly cache: CacheBackend;
  readonly keys: CacheKeyBuilder;
  /** Response cache in front of the GET routes (`policy: 'http'`, obeying `S3verless-Cache-Control`). */
  readonly responses: ResponseCacheMiddleware;
  /** Seconds the response cache may keep a successful GET answer (`CACHE_TTL`). */
  readonly responseSeconds: number;
  /** The response cache's own store (its tiers are reported with its counters by `/cache/stats`), if any. */
  readonly responseStore?: { stats(): object };
  /** Decoded S3 objects by ETag (reported by `/cache/stats`), if any. */
  readonly objectCache?: CacheBackend;
  readonly logger: Logger;
  /** Prometheus metrics, served at `/metrics`. */
  readonly metrics: ApiMetrics;
  /** Dependencies `/readyz` reports without failing on them (e.g. `redis`). */
  readonly softChecks?: SoftChecks;
}

/** Largest accepted request body. */
export const BODY_LIMIT = '1mb';

/** Builds the Express app of the products API. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer, errors and docs included: browsers must not sniff a type other than the one sent.
  app.use((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  app.use(requestLogging(deps.logger));
  app.use(deps.metrics.http);
  app.use(jsonBody(BODY_LIMIT));
  // The API's routes first: a product request does not walk the other routes (their paths are disjoint).
  const service = new ProductService({ repository: deps.repository, cache: deps.cache, keys: deps.keys, responses: deps.responses });
  app.use('/products', rememberMountPath, productsRouter(service, deps.responses, deps.responseSeconds));
  app
    .route('/metrics')
    .get(async (_req, res) => {
      res.set('content-type', deps.metrics.registry.contentType).set('cache-control', 'no-store');
      res.send(await deps.metrics.registry.metrics());
    })
    .all(otherMethods);
  app.use(docsRouter());
  app.use(
    operationsRouter(deps.repository, {
      data: deps.cache,
      responses: { stats: () => ({ ...deps.responses.stats(), ...deps.responseStore?.stats() }) },
      ...(deps.objectCache ? { objects: deps.objectCache } : {}),
    }, deps.softChecks),
  );
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
