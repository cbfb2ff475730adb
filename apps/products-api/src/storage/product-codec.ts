/**
 * The stored JSON form of a product: `id`, `created_at`, `updated_at` first,
 * then the other fields; read back through `productSchema`.
 */
import { type Product, productSchema } from '../domain/product';
import { InvalidProductError } from './errors';

/** Validates a product before it is written. @throws InvalidProductError */
export function assertValidProduct(product: unknown): Product {
  const parsed = productSchema.safeParse(product);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new InvalidProductError(`invalid product: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** The JSON text stored for a product (compact, `id`, `created_at`, `updated_at` first). */
export function encodeProduct(product: Product): string {
  const { id, created_at, updated_at, ...fields } = product;
  return JSON.stringify({ id, created_at, updated_at, ...fields });
}

/** Outcome of {@link decodeProduct}. */
export type DecodedProduct = { readonly ok: true; readonly product: Product } | { readonly ok: false; readonly problem: string };

/**
 * Parses a stored object. It is a product only when the JSON parses, passes
 * `productSchema` and its `id` is the one of its key. The product is frozen.
 */
export function decodeProduct(body: string, expectedId: string): DecodedProduct {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = productSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, problem: `schema: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}` };
  }
  if (parsed.data.id !== expectedId) return { ok: false, problem: `id ${parsed.data.id} does not match its key` };
  return { ok: true, product: Object.freeze(parsed.data) };
}
