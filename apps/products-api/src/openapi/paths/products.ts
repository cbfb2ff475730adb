import { errorResponses } from '../error-responses';
import { cacheRequestParameterRefs, cachedResponseHeaders, NOT_MODIFIED_RESPONSE } from '../headers';
import { filterDescription, listParameterRefs } from '../query-parameters';
import { ref, type OperationObject, type ParameterObject, type PathItemObject, type ResponseObject } from '../types';

/** The `/products` routes (`src/routes/products.ts`). */

const TAG = ['products'];

const ID_PARAMETER: ParameterObject = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The product id (a UUID; anything else is a 400 `invalid_id`).',
  schema: { type: 'string', format: 'uuid' },
};

/** A JSON response of a route behind the response cache (with the cache headers). */
function cachedJson(description: string, schema: string): Record<string, ResponseObject | { $ref: string }> {
  return {
    '200': { description, headers: cachedResponseHeaders(), content: { 'application/json': { schema: ref('schemas', schema) } } },
    '304': ref('responses', NOT_MODIFIED_RESPONSE),
  };
}

function productResponse(description: string): ResponseObject {
  return { description, content: { 'application/json': { schema: ref('schemas', 'Product') } } };
}

function jsonBody(schema: string, description: string): OperationObject['requestBody'] {
  return { description, required: true, content: { 'application/json': { schema: ref('schemas', schema) } } };
}

const WRITE_NOTE =
  'The change is written to S3 first, then every cached copy (products, lists, counts, responses) is updated or invalidated ' +
  'before the answer is sent; if a cache tier cannot be invalidated the answer is a 503 `cache_invalidation_failed` (the change was saved).';

const listProducts: OperationObject = {
  operationId: 'listProducts',
  summary: 'List products (filter, sort, page)',
  description: `One page of the products matching every filter.\n\n${filterDescription()}`,
  tags: TAG,
  parameters: [...listParameterRefs({ paging: true }), ...cacheRequestParameterRefs()],
  responses: { ...cachedJson('A page of products.', 'ProductList'), ...errorResponses(['invalid_query', 'storage_unavailable']) },
};

const countProducts: OperationObject = {
  operationId: 'countProducts',
  summary: 'Count products matching the filters',
  description: `The number of products matching every filter; \`sort_by\`, \`sort_order\`, \`page\` and \`page_size\` are ignored.\n\n${filterDescription()}`,
  tags: TAG,
  parameters: [...listParameterRefs({ paging: false }), ...cacheRequestParameterRefs()],
  responses: { ...cachedJson('The count.', 'Count'), ...errorResponses(['invalid_query', 'storage_unavailable']) },
};

const createProduct: OperationObject = {
  operationId: 'createProduct',
  summary: 'Create a product',
  description: `Creates a product with a new id. ${WRITE_NOTE}`,
  tags: TAG,
  requestBody: jsonBody('ProductCreate', 'The product (JSON, at most 1 MiB).'),
  responses: {
    '201': {
      description: 'Created.',
      headers: { Location: ref('headers', 'Location') },
      content: { 'application/json': { schema: ref('schemas', 'Product') } },
    },
    ...errorResponses([
      'invalid_body',
      'invalid_json',
      'bad_request',
      'duplicate_sku',
      'payload_too_large',
      'unsupported_media_type',
      'storage_unavailable',
      'cache_invalidation_failed',
    ]),
  },
};

const getProduct: OperationObject = {
  operationId: 'getProduct',
  summary: 'Get a product',
  tags: TAG,
  parameters: [ref('parameters', 'ProductId'), ...cacheRequestParameterRefs()],
  responses: { ...cachedJson('The product.', 'Product'), ...errorResponses(['invalid_id', 'not_found', 'storage_unavailable']) },
};

const WRITE_ERRORS = [
  'invalid_id',
  'invalid_body',
  'invalid_json',
  'bad_request',
  'not_found',
  'duplicate_sku',
  'concurrent_update',
  'payload_too_large',
  'unsupported_media_type',
  'storage_unavailable',
  'cache_invalidation_failed',
] as const;

const replaceProduct: OperationObject = {
  operationId: 'replaceProduct',
  summary: 'Replace a product',
  description: `Replaces every client field (omitted optional fields take their defaults); \`id\` and \`created_at\` are kept. ${WRITE_NOTE}`,
  tags: TAG,
  parameters: [ref('parameters', 'ProductId')],
  requestBody: jsonBody('ProductCreate', 'The new fields (JSON, at most 1 MiB).'),
  responses: { '200': productResponse('The replaced product.'), ...errorResponses(WRITE_ERRORS) },
};

const patchProduct: OperationObject = {
  operationId: 'patchProduct',
  summary: 'Change some fields of a product',
  description: `Changes the given fields only. ${WRITE_NOTE}`,
  tags: TAG,
  parameters: [ref('parameters', 'ProductId')],
  requestBody: jsonBody('ProductPatch', 'The fields to change (JSON, at most 1 MiB).'),
  responses: { '200': productResponse('The changed product.'), ...errorResponses(WRITE_ERRORS) },
};

const deleteProduct: OperationObject = {
  operationId: 'deleteProduct',
  summary: 'Delete a product',
  description: WRITE_NOTE,
  tags: TAG,
  parameters: [ref('parameters', 'ProductId')],
  responses: {
    '204': { description: 'Deleted.' },
    ...errorResponses(['invalid_id', 'not_found', 'storage_unavailable', 'cache_invalidation_failed']),
  },
};

/** The path parameter component of the `/products/{id}` routes. */
export const PRODUCT_ID_PARAMETER = { ProductId: ID_PARAMETER } as const;

/** Path items of the `/products` routes. */
export function productPaths(): Record<string, PathItemObject> {
  return {
    '/products': { get: listProducts, post: createProduct },
    '/products/count': { get: countProducts },
    '/products/{id}': { get: getProduct, put: replaceProduct, patch: patchProduct, delete: deleteProduct },
  };
}
