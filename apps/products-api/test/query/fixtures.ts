import type { Product } from '../../src/domain/product';
import { QueryValidationError, type QueryIssue } from '../../src/query/errors';
import { parseListQuery, type ParseListQueryOptions, type RawQuery } from '../../src/query/parse-query';

/** A deterministic UUID v4-shaped id ending in `n` (so ids sort as their numbers). */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A valid stored product; `n` drives the id, the sku (`SKU-n`), the dates (day n of 2024) and the defaults; `overrides` replace fields. */
export function product(n: number, overrides: Partial<Product> = {}): Product {
  const base: Product = {
    id: uuid(n),
    created_at: new Date(Date.UTC(2024, 0, n)).toISOString(),
    updated_at: new Date(Date.UTC(2024, 1, n)).toISOString(),
    name: `Product ${n}`,
    sku: `SKU-${n}`,
    price: n * 10,
    category: 'lighting',
    is_active: true,
    stock: n,
  };
  const merged: Product = { ...base, ...overrides };
  if ('description' in overrides && overrides.description === undefined) delete merged.description;
  return merged;
}

/** The issues of an invalid query; fails the test when the query parses. */
export function issuesOf(query: RawQuery, options?: ParseListQueryOptions): readonly QueryIssue[] {
  try {
    parseListQuery(query, options);
  } catch (error) {
    if (error instanceof QueryValidationError) return error.issues;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be invalid`);
}

/** The ids of products, for compact assertions. */
export function ids(products: readonly Product[]): string[] {
  return products.map((p) => p.id);
}
