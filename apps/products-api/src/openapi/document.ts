import { CACHE_REQUEST_PARAMETERS, cachedResponseHeaders, NOT_MODIFIED_RESPONSE, RESPONSE_HEADERS } from './headers';
import { docsPaths, operationsPaths } from './paths/operations';
import { PRODUCT_ID_PARAMETER, productPaths } from './paths/products';
import { queryParameterComponents } from './query-parameters';
import { componentSchemas } from './schemas';
import type { OpenApiDocument } from './types';

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  /** Absolute URL of the API for `servers`; default: none (tools resolve paths against the document's own URL). */
  readonly serverUrl?: string;
}

/** Version of the API described (the products-api package version). */
export const API_VERSION = '0.1.0';

const DESCRIPTION = [
  'Products stored as JSON objects in S3 (one object per product, the S3verless layout), served through the caches of',
  '`@s3verless/cache` and `@s3verless/express-cache`.',
  '',
  'Every error has one shape: `{ "error": { "code", "message", "details"? } }` (schema `Error`), including the ones',
  'Node answers before the app sees the request (400 malformed HTTP, 408, 413, 431). Every response carries',
  '`X-Content-Type-Options: nosniff`.',
  '',
  'Every path answers `OPTIONS` with `204` and an `Allow` header listing its methods; another method on a known',
  'path is a `405 method_not_allowed` with the same `Allow`.',
  'The GET routes of `/products` sit behind a response cache: see the `X-Cache`, `Cache-Status`, `Age` and `ETag` headers;',
  'every write updates or invalidates the cached copies before it answers.',
].join('\n');

/**
 * The OpenAPI 3.1.0 document of the products API: every route, every body and error. The product
 * schemas are generated from the zod schemas that validate the requests, and the list query
 * parameters from the query engine's tables, so the document follows the code.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'S3verless products API', version: API_VERSION, description: DESCRIPTION },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [
      { name: 'products', description: 'Products stored in S3, cached.' },
      { name: 'operations', description: 'Health, readiness, cache statistics and metrics.' },
      { name: 'docs', description: 'This document and its interactive page.' },
    ],
    paths: { ...productPaths(), ...operationsPaths(), ...docsPaths() },
    components: {
      schemas: componentSchemas(),
      parameters: { ...PRODUCT_ID_PARAMETER, ...CACHE_REQUEST_PARAMETERS, ...queryParameterComponents() },
      headers: { ...RESPONSE_HEADERS },
      responses: {
        [NOT_MODIFIED_RESPONSE]: {
          description: 'Not modified: the `If-None-Match` validator still matches; no body.',
          headers: cachedResponseHeaders(),
        },
      },
    },
  };
}
