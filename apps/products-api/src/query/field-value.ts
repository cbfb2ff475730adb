import { PRODUCT_FIELDS, type Product } from '../domain/product';
import { parseInstant } from './instant';
import type { ProductField, ScalarValue } from './types';

/**
 * The typed value of a product's field, for filtering and sorting, or `undefined` when the field
 * is absent or null (or, defensively, holds a value of the wrong type, e.g. an unparsable date).
 * Datetime fields become instants; every other field keeps its JSON value.
 */
export function fieldValue(product: Product, field: ProductField): ScalarValue | undefined {
  const raw: unknown = product[field];
  switch (PRODUCT_FIELDS[field].type) {
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'datetime': {
      if (typeof raw !== 'string') return undefined;
      const instant = parseInstant(raw);
      return typeof instant === 'object' ? instant : undefined;
    }
    case 'string':
    case 'uuid':
      return typeof raw === 'string' ? raw : undefined;
  }
}
