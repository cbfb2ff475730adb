import { Router, type RequestHandler } from 'express';
import { MAX_QUERY_PAIRS, readTarget } from '@s3verless/express-cache';
import { ApiError, notFound } from '../http/api-error';
import { markCacheable } from '../http/cache-headers';
import { otherMethods } from '../http/methods';
import { parseListQuery } from '../query';
import type { ProductService } from '../service/product-service';
import { isProductId } from '../storage';

/** 400 for an id that cannot be a product id (never a 500, never an S3 call). */
const requireProductId: RequestHandler = (req, _res, next) => {
  const { id } = req.params;
  next(typeof id === 'string' && isProductId(id) ? undefined : new ApiError(400, 'invalid_id', 'The product id must be a UUID.'));
};

/**
 * 400 when the query has more `&`-separated pairs (empty ones included) than
 * Express's query parser reads ({@link MAX_QUERY_PAIRS}): it would drop the rest
 * silently, so a bad filter past the limit would be ignored instead of refused.
 */
const requireWholeQuery: RequestHandler = (req, _res, next) => {
  // Runs before the response cache, on every hit: a target too short to hold that many `&` costs nothing more.
  if (req.originalUrl.length <= MAX_QUERY_PAIRS) return next();
  const reading = readTarget(req.originalUrl);
  if (reading.kind !== 'refused' || reading.reason !== 'too-many-parameters') return next();
  next(
    new ApiError(400, 'invalid_query', 'The query string is not valid.', [
      { field: 'query', message: `more than ${MAX_QUERY_PAIRS} parameters (empty ones count); the rest would be ignored` },
    ]),
  );
};

/** Write bodies must be JSON: 415 for another media type, 400 when there is no body. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
  const type = empty ? null : req.is('application/json');
  if (type === false) return next(new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.'));
  if (type === null || req.body === undefined) return next(new ApiError(400, 'invalid_body', 'A JSON body is required.'));
  next();
};

/**
 * `/products` routes. `cache` (the response cache, `policy: 'http'`) runs in
 * front of the GET routes only; their successful answers say it may keep them
 * `cacheSeconds` ({@link markCacheable}), and the service invalidates it on
 * every write.
 */
export function productsRouter(service: ProductService, cache: RequestHandler, cacheSeconds: number): Router {
  const router = Router();

  // Each path is one route, ending with `otherMethods`: OPTIONS is 204 with the path's own methods
  // in `Allow`, any other method a 405 (`/count` comes before `/:id`, so it is not taken for an id).
  router
    .route('/')
    .get(requireWholeQuery, cache, async (req, res) => {
      const page = await service.list(parseListQuery(req.query));
      markCacheable(res, cacheSeconds);
      res.json(page);
    })
    .post(requireJsonBody, async (req, res) => {
      const product = await service.create(req.body);
      res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
    })
    .all(otherMethods);

  router
    .route('/count')
    .get(requireWholeQuery, cache, async (req, res) => {
      const count = await service.count(parseListQuery(req.query, { allowPaging: false }));
      markCacheable(res, cacheSeconds);
      res.json({ count });
    })
    .all(otherMethods);

  router
    .route('/:id')
    .get(requireProductId, cache, async (req, res) => {
      const product = await service.get(req.params.id as string);
      if (product === undefined) throw notFound(`No product with id ${req.params.id}.`);
      markCacheable(res, cacheSeconds);
      res.json(product);
    })
    .put(requireProductId, requireJsonBody, async (req, res) => {
      const product = await service.replace(req.params.id as string, req.body);
      if (product === undefined) throw notFound(`No product with id ${req.params.id}.`);
      res.json(product);
    })
    .patch(requireProductId, requireJsonBody, async (req, res) => {
      const product = await service.patch(req.params.id as string, req.body);
      if (product === undefined) throw notFound(`No product with id ${req.params.id}.`);
      res.json(product);
    })
    .delete(requireProductId, async (req, res) => {
      if (!(await service.delete(req.params.id as string))) throw notFound(`No product with id ${req.params.id}.`);
      res.status(204).end();
    })
    .all(otherMethods);

  return router;
}
