/**
 * Every error code the API answers with, the statuses it comes with and what it means. The
 * codes are produced by `src/http/error-handler.ts` and the routes (`new ApiError(status, code)`);
 * a test scans those sources so that a new code cannot go undocumented.
 */
export const ERROR_CODES = {
  invalid_query: { statuses: [400], meaning: 'A list query parameter is not valid; `details` names each one (`field` is the parameter).' },
  invalid_body: { statuses: [400], meaning: 'The body is missing or does not match the schema; `details` lists every problem (`field` is the JSON path).' },
  invalid_json: { statuses: [400], meaning: 'The body is not valid JSON, or its bytes are not valid UTF-8.' },
  invalid_id: { statuses: [400], meaning: 'The product id in the path is not a UUID, or a path parameter has a malformed percent-escape (`%ZZ`, `%`).' },
  bad_request: { statuses: [400], meaning: 'Another malformed request (not valid HTTP, or reported by the body parser).' },
  not_found: { statuses: [404], meaning: 'No product with this id (or no such route).' },
  method_not_allowed: {
    statuses: [405],
    meaning: 'The path exists but does not take this method; `Allow` lists the ones it takes (`OPTIONS` answers 204 with the same `Allow`).',
  },
  request_timeout: { statuses: [408], meaning: 'The request line, headers or body did not arrive in time.' },
  duplicate_sku: { statuses: [409], meaning: 'Another product already has this `sku`.' },
  concurrent_update: {
    statuses: [409],
    meaning: 'Other writers changed the product between each read and write of this update, several times in a row (on an S3 that enforces `If-Match`); nothing was written. Retry.',
  },
  payload_too_large: { statuses: [413], meaning: 'The body is larger than 1 MiB (or its chunk extensions are larger than the server accepts).' },
  unsupported_media_type: {
    statuses: [415],
    meaning: 'The body is not `application/json`, or its encoding is not supported, or its charset is not `utf-8`.',
  },
  headers_too_large: { statuses: [431], meaning: 'The request line and headers are larger than the server accepts (16 KiB by default).' },
  internal_error: { statuses: [500], meaning: 'An unexpected failure on the server side.' },
  storage_unavailable: {
    statuses: [502, 503],
    meaning: 'S3 failed: 503 when it is unreachable, slow or throttling (retry later), 502 when it refuses (access denied, missing bucket, bad answer).',
  },
  cache_invalidation_failed: {
    statuses: [503],
    meaning: 'The write was saved to S3, but a cache tier could not be invalidated: reads may return the old data until it expires.',
  },
} as const satisfies Record<string, { statuses: readonly number[]; meaning: string }>;

/** An error code of the API. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every error code, in table order. */
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** A typical message for each code, for the examples of the document. */
export const ERROR_EXAMPLES: Readonly<Record<ErrorCode, { message: string; details?: ReadonlyArray<{ field: string; message: string }> }>> = {
  invalid_query: {
    message: 'The query string is not valid.',
    details: [{ field: 'price__contains', message: 'operator contains does not apply to price (a number field); it applies to string fields only' }],
  },
  invalid_body: {
    message: 'The request body is not valid.',
    details: [{ field: 'price', message: 'Too small: expected number to be >=0' }],
  },
  invalid_json: { message: 'The request body is not valid JSON.' },
  invalid_id: { message: 'The product id must be a UUID.' },
  bad_request: { message: 'request aborted' },
  not_found: { message: 'No product with id 3f1c2a1e-5b7d-4c8e-9f00-1a2b3c4d5e6f.' },
  method_not_allowed: { message: 'DELETE is not allowed on this path; allowed: GET, HEAD, POST, OPTIONS.' },
  request_timeout: { message: 'The request was not received in time.' },
  duplicate_sku: { message: 'A product with sku "LAMP-001" already exists.' },
  concurrent_update: { message: 'The product kept changing under concurrent writes; read it again and retry.' },
  payload_too_large: { message: 'The request body is larger than 1 MiB.' },
  unsupported_media_type: { message: 'Send the body as application/json.' },
  headers_too_large: { message: 'The request line and headers are larger than the server accepts.' },
  internal_error: { message: 'Something went wrong on our side.' },
  storage_unavailable: { message: 'The product store (S3) is not available; try again later.' },
  cache_invalidation_failed: {
    message: 'The change was saved, but cached copies could not be invalidated; reads may return old data until they expire.',
  },
};
