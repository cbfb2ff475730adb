import type { ErrorRequestHandler, RequestHandler } from 'express';
import { TierInvalidationError } from '@s3verless/cache';
import { ZodError } from 'zod';
import { QueryValidationError } from '../query';
import { ConcurrentUpdateError, DuplicateSkuError, StorageUnavailableError } from '../storage';
import { ApiError, notFound } from './api-error';
import { RESPONSE_CACHE_FIELD } from './cache-headers';
import { InvalidUtf8BodyError } from './json-body';

/** Where errors that are the server's fault are reported (pino-compatible). */
export interface ErrorLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Turns any error into an {@link ApiError} with the right status and code. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof QueryValidationError) {
    return new ApiError(400, 'invalid_query', 'The query string is not valid.', error.issues.map((i) => ({ field: i.param, message: i.message })));
  }
  if (error instanceof ZodError) {
    return new ApiError(400, 'invalid_body', 'The request body is not valid.', error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
  }
  if (error instanceof DuplicateSkuError) {
    return new ApiError(409, 'duplicate_sku', `A product with sku ${JSON.stringify(error.sku)} already exists.`);
  }
  if (error instanceof ConcurrentUpdateError) {
    return new ApiError(409, 'concurrent_update', 'The product kept changing under concurrent writes; read it again and retry.');
  }
  if (error instanceof StorageUnavailableError) {
    return new ApiError(error.status, 'storage_unavailable', 'The product store (S3) is not available; try again later.');
  }
  if (error instanceof TierInvalidationError) {
    return new ApiError(503, 'cache_invalidation_failed', 'The change was saved, but cached copies could not be invalidated; reads may return old data until they expire.');
  }
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    // The router could not percent-decode a path parameter (`/products/%ZZ`, `/products/%`).
    return new ApiError(400, 'invalid_id', 'A path parameter is not valid percent-encoding.');
  }
  if (error instanceof InvalidUtf8BodyError) return new ApiError(400, 'invalid_json', error.message);
  const bodyError = error as { type?: string; status?: number; expose?: boolean } | null;
  if (bodyError?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'The request body is larger than 1 MiB.');
  if (bodyError?.type === 'entity.parse.failed') return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
    return new ApiError(415, 'unsupported_media_type', 'The request body encoding is not supported.');
  }
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500 && bodyError.expose) {
    return new ApiError(bodyError.status, 'bad_request', (error as Error).message);
  }
  return new ApiError(500, 'internal_error', 'Something went wrong on our side.');
}

/** The last middleware: every error leaves as the one error shape, never as Express's HTML page. */
export function errorHandler(logger: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) {
      // pino-http gives each request a child logger carrying its request id.
      const requestLogger = (req as { log?: ErrorLogger }).log ?? logger;
      const log = apiError.code === 'storage_unavailable' ? requestLogger.warn.bind(requestLogger) : requestLogger.error.bind(requestLogger);
      log({ err: error, method: req.method, url: req.originalUrl }, apiError.message);
    }
    if (res.headersSent) return next(error);
    // An error describes this request, not the resource: no cache keeps it (a 404 would otherwise be
    // heuristically cacheable), and a route's S3verless-Cache-Control set before it failed is dropped.
    res.removeHeader(RESPONSE_CACHE_FIELD);
    res.status(apiError.status).set('cache-control', 'no-store').json(apiError.toBody());
  };
}

/** 404 in the error shape for a route that does not exist. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${req.path}.`));
};
