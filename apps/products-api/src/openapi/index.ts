/** The OpenAPI document of the products API, generated from the code that serves it. */
export { buildOpenApiDocument, API_VERSION, type OpenApiDocumentOptions } from './document';
export { ERROR_CODES, ERROR_CODE_NAMES, type ErrorCode } from './error-codes';
export { filterParameterSpecs, type FilterParameterSpec } from './query-parameters';
export { COMPONENT_SOURCES } from './schemas';
export type { OpenApiDocument, HttpMethod } from './types';
