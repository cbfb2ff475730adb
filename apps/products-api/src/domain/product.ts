import { z } from 'zod';

/**
 * The product model: one JSON object per product in S3, fields in snake_case,
 * `id`, `created_at`, `updated_at` first (the S3verless layout, so a Python
 * S3verless service can read the same bucket).
 */

const SKU_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Fields a client may write. */
export const productFieldsSchema = z.object({
  name: z.string().min(1).max(200),
  sku: z.string().regex(SKU_PATTERN, 'sku must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"'),
  price: z.number().finite().min(0),
  category: z.string().min(1).max(100),
  description: z.string().max(5000).optional(),
  is_active: z.boolean().default(true),
  stock: z.number().int().min(0).default(0),
});

/** Read-only fields: accepted in a request body (so a GET result can be PUT back) and ignored. */
const readOnlyFields = {
  id: z.unknown().optional(),
  created_at: z.unknown().optional(),
  updated_at: z.unknown().optional(),
};

/** Body of `POST /products` and `PUT /products/:id`: every required field, nothing unknown. */
export const productCreateSchema = productFieldsSchema.extend(readOnlyFields).strict();

/** Body of `PATCH /products/:id`: any subset of the client fields, nothing unknown. */
export const productPatchSchema = z
  .object({
    name: productFieldsSchema.shape.name.optional(),
    sku: productFieldsSchema.shape.sku.optional(),
    price: productFieldsSchema.shape.price.optional(),
    category: productFieldsSchema.shape.category.optional(),
    description: productFieldsSchema.shape.description,
    is_active: z.boolean().optional(),
    stock: z.number().int().min(0).optional(),
  })
  .extend(readOnlyFields)
  .strict();

/** A stored product, as read from S3 (objects that do not parse are skipped as corrupt). */
export const productSchema = z.object({
  id: z.uuid(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  ...productFieldsSchema.shape,
});

export type Product = z.infer<typeof productSchema>;
export type ProductFields = z.infer<typeof productFieldsSchema>;
export type ProductCreate = z.infer<typeof productCreateSchema>;
export type ProductPatch = z.infer<typeof productPatchSchema>;

/** Types of the fields, for typed filters and sorting. */
export type FieldType = 'uuid' | 'string' | 'number' | 'integer' | 'boolean' | 'datetime';

/** Every product field with its type; `optional` fields may be absent (null for filters). */
export const PRODUCT_FIELDS: Readonly<Record<keyof Product, { type: FieldType; optional?: boolean }>> = {
  id: { type: 'uuid' },
  created_at: { type: 'datetime' },
  updated_at: { type: 'datetime' },
  name: { type: 'string' },
  sku: { type: 'string' },
  price: { type: 'number' },
  category: { type: 'string' },
  description: { type: 'string', optional: true },
  is_active: { type: 'boolean' },
  stock: { type: 'integer' },
};

/** Builds the stored form of a product: `id`, `created_at`, `updated_at` first, then the fields. */
export function toStoredProduct(id: string, createdAt: string, updatedAt: string, fields: ProductFields): Product {
  const { name, sku, price, category, description, is_active, stock } = fields;
  return {
    id,
    created_at: createdAt,
    updated_at: updatedAt,
    name,
    sku,
    price,
    category,
    ...(description === undefined ? {} : { description }),
    is_active,
    stock,
  };
}
