import type { Product } from '../domain/product';
import { compareCodePoints, compareScalars } from './compare';
import type { ScalarValue, SortOrder } from './types';

/** A product with its sort key computed once (decorate-sort-undecorate). */
export interface SortEntry {
  readonly product: Product;
  /** The typed value of the sort field, `undefined` when absent. */
  readonly key: ScalarValue | undefined;
}

/**
 * A comparator of sort entries: by key in the given order (numbers numerically, strings by code
 * point, booleans false < true, datetimes as instants), absent keys LAST in both orders, ties
 * broken by `id` ascending in both orders.
 */
export function sortEntryComparator(order: SortOrder): (a: SortEntry, b: SortEntry) => number {
  const direction = order === 'desc' ? -1 : 1;
  return (a, b) => {
    if (a.key === undefined || b.key === undefined) {
      if (a.key !== b.key) return a.key === undefined ? 1 : -1;
    } else {
      const byKey = compareScalars(a.key, b.key);
      if (byKey !== 0) return byKey * direction;
    }
    return compareCodePoints(a.product.id, b.product.id);
  };
}
