import { z } from 'zod';
import { productCreateSchema, productPatchSchema, productSchema } from '../domain/product';
import { MAX_PAGE_SIZE } from '../query';
import { ERROR_CODE_NAMES } from './error-codes';
import { zodComponent, type SchemaSide } from './json-schema';
import type { SchemaObject } from './types';

/**
 * The response bodies that are not domain schemas, as zod schemas: the document is generated from
 * them, and the tests parse the real app's responses with them, so the document describes what
 * the app sends.
 */

/** One problem of an `invalid_body` or `invalid_query` error. */
export const problemDetailSchema = z.object({
  field: z.string().describe('The body field (JSON path, `(body)` for the whole body) or query parameter concerned.'),
  message: z.string(),
});

/** The one error shape of the API (`ApiError#toBody`). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODE_NAMES).describe('Stable, machine-readable error code.'),
    message: z.string().describe('Human-readable explanation.'),
    details: z.array(problemDetailSchema).optional().describe('Every problem found (invalid_body, invalid_query).'),
  }),
});

/** `GET /products`. */
export const productListSchema = z.object({
  items: z.array(productSchema),
  total_count: z.number().int().min(0).describe('Products that match the filters, on every page.'),
  page: z.number().int().min(1),
  page_size: z.number().int().min(1).max(MAX_PAGE_SIZE),
  has_next: z.boolean(),
  has_prev: z.boolean(),
});

/** `GET /products/count`. */
export const countSchema = z.object({ count: z.number().int().min(0).describe('Products that match the filters.') });

/** `GET /healthz`. */
export const healthSchema = z.object({ status: z.literal('ok') });

/** The Redis check of `/readyz`: reported, never a reason for 503 (the API serves without Redis). */
const redisCheckSchema = z
  .enum(['ok', 'unavailable', 'disabled'])
  .describe('Redis (shared tier and invalidation bus): `disabled` without REDIS_URL; `unavailable` makes the status `degraded`, not 503');

/** `GET /readyz` when S3 answers. */
export const readySchema = z.object({
  status: z.enum(['ready', 'degraded']).describe('`degraded`: S3 answers but Redis does not (requests go on from the in-process tier and S3)'),
  checks: z.object({ s3: z.literal('ok'), redis: redisCheckSchema }),
});

/** `GET /readyz` when it does not (503): the error shape plus the checks. */
export const notReadySchema = errorBodySchema.extend({ checks: z.object({ s3: z.literal('unavailable'), redis: redisCheckSchema }) });

/** `GET /cache/stats`: each cache tier's counters, by tier name (`data`, `responses`, `objects`). */
export const cacheStatsSchema = z.record(
  z.string(),
  z.record(z.string(), z.unknown()).describe("One cache's statistics (hits, misses, sizes...; the keys depend on the cache)."),
);

interface ComponentSource {
  readonly schema: z.ZodType;
  readonly io: SchemaSide;
  readonly description: string;
}

/** Every component schema: name -> the zod schema it is generated from. */
export const COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
  Product: { schema: productSchema, io: 'output', description: 'A product, as the API returns it.' },
  ProductCreate: {
    schema: productCreateSchema,
    io: 'input',
    description:
      'Body of POST /products and PUT /products/{id}: every client field (`is_active` defaults to true, `stock` to 0); ' +
      'unknown fields are rejected; `id`, `created_at` and `updated_at` are accepted and ignored, so a product read with GET can be sent back.',
  },
  ProductPatch: {
    schema: productPatchSchema,
    io: 'input',
    description: 'Body of PATCH /products/{id}: any subset of the client fields; unknown fields are rejected; read-only fields are ignored.',
  },
  ProductList: { schema: productListSchema, io: 'output', description: 'One page of products matching the filters.' },
  Count: { schema: countSchema, io: 'output', description: 'The number of products matching the filters.' },
  ProblemDetail: { schema: problemDetailSchema, io: 'output', description: 'One problem in a request.' },
  Error: { schema: errorBodySchema, io: 'output', description: 'The one error shape of every error response.' },
  Health: { schema: healthSchema, io: 'output', description: 'The process is up.' },
  Ready: { schema: readySchema, io: 'output', description: 'S3 answers and the bucket exists (Redis reported).' },
  NotReady: { schema: notReadySchema, io: 'output', description: 'S3 does not answer: the error shape plus the failed check.' },
  CacheStats: { schema: cacheStatsSchema, io: 'output', description: "Every cache tier's statistics, by tier name." },
};

/** The zod schemas that become `$ref`s when nested in another component. */
function nestedComponents(): Map<z.ZodType, string> {
  const nested = new Map<z.ZodType, string>();
  for (const name of ['Product', 'ProblemDetail']) nested.set(COMPONENT_SOURCES[name].schema, name);
  return nested;
}

/** `components.schemas`, generated from {@link COMPONENT_SOURCES}. */
export function componentSchemas(): Record<string, SchemaObject> {
  const nested = nestedComponents();
  const schemas: Record<string, SchemaObject> = {};
  for (const [name, { schema, io, description }] of Object.entries(COMPONENT_SOURCES)) {
    schemas[name] = { description, ...zodComponent(schema, io, nested) };
  }
  return schemas;
}
