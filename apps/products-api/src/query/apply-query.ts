import type { Product } from '../domain/product';
import { fieldValue } from './field-value';
import { matchesAll } from './match-filter';
import { sortEntryComparator, type SortEntry } from './sort';
import type { Filter, ListPage, ListQuery } from './types';

function assertPaging(page: number, pageSize: number): void {
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be an integer >= 1, got ${page}`);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be an integer >= 1, got ${pageSize}`);
}

/**
 * Answers a list query over products: one pass keeps the products that satisfy every filter (and
 * computes their sort key), one sort orders the matches (see {@link sortEntryComparator}), and a
 * slice cuts the page. A page past the end has no items but the true `total_count`.
 * The items are the given product objects, not copies. Pure: the input is not modified.
 * @throws RangeError when `page` or `pageSize` is not a positive integer.
 */
export function applyListQuery(products: Iterable<Product>, query: ListQuery): ListPage {
  const { filters, sortBy, sortOrder, page, pageSize } = query;
  assertPaging(page, pageSize);
  const matches: SortEntry[] = [];
  for (const product of products) {
    if (matchesAll(product, filters)) matches.push({ product, key: fieldValue(product, sortBy) });
  }
  matches.sort(sortEntryComparator(sortOrder));
  const start = (page - 1) * pageSize;
  const items = matches.slice(start, start + pageSize).map((entry) => entry.product);
  return {
    items,
    total_count: matches.length,
    page,
    page_size: pageSize,
    has_next: start + pageSize < matches.length,
    has_prev: page > 1,
  };
}

/** Counts the products that satisfy every filter (the answer of `GET /products/count`). */
export function countMatching(products: Iterable<Product>, filters: readonly Filter[]): number {
  let count = 0;
  for (const product of products) {
    if (matchesAll(product, filters)) count++;
  }
  return count;
}
