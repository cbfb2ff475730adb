import type { Product } from '../domain/product';
import type { Instant } from './instant';

/** The name of a product field (a key of `PRODUCT_FIELDS`). */
export type ProductField = keyof Product;

/** Sort direction of a list query. */
export type SortOrder = 'asc' | 'desc';

/**
 * A typed value, as filters hold them and as product fields are compared: `number` for number and
 * integer fields, `boolean` for boolean fields, {@link Instant} for datetime fields, `string` for
 * string and uuid fields.
 */
export type ScalarValue = string | number | boolean | Instant;

/** A JSON value of {@link ParsedListQuery.cacheFilters}: datetimes as normalized ISO text. */
export type CacheScalar = string | number | boolean;

/** The value of one entry of {@link ParsedListQuery.cacheFilters}. */
export type CacheFilterValue = CacheScalar | CacheScalar[];

/** Canonical, JSON-ready description of the filters of a query, for a cache key. */
export type CacheFilters = Record<string, CacheFilterValue>;

interface FilterBase {
  /** The field the filter tests. */
  readonly field: ProductField;
  /** Canonical name: `field` for `eq`, `field__op` otherwise (the key in `cacheFilters`). */
  readonly key: string;
}

/** `eq`, `neq` and the ordering comparisons, with one typed value. */
export interface CompareFilter extends FilterBase {
  readonly op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
  readonly value: ScalarValue;
}

/** `in` / `not_in`, with typed values, sorted and without duplicates. */
export interface ListFilter extends FilterBase {
  readonly op: 'in' | 'not_in';
  readonly values: readonly ScalarValue[];
}

/** Case-sensitive substring tests on string fields. */
export interface TextFilter extends FilterBase {
  readonly op: 'contains' | 'starts_with' | 'ends_with';
  readonly value: string;
}

/** Presence tests; an empty string is present. */
export interface NullFilter extends FilterBase {
  readonly op: 'is_null' | 'is_not_null';
}

/** One parsed filter of a list query. All filters of a query must hold (AND). */
export type Filter = CompareFilter | ListFilter | TextFilter | NullFilter;

/** What a list query asks for, after validation. */
export interface ListQuery {
  /** Filters, ordered by {@link Filter.key}, whatever the order of the query parameters. */
  readonly filters: readonly Filter[];
  /** Field to sort by (default `created_at`). */
  readonly sortBy: ProductField;
  /** Direction (default `asc`); ties are always broken by `id` ascending. */
  readonly sortOrder: SortOrder;
  /** 1-based page number (default 1). */
  readonly page: number;
  /** Items per page, 1..100 (default 20). */
  readonly pageSize: number;
}

/** The result of {@link parseListQuery}. */
export interface ParsedListQuery extends ListQuery {
  /** The filters as a canonical JSON object for a cache key (see {@link CacheFilters}). */
  readonly cacheFilters: CacheFilters;
}

/** One page of a list query, in the wire shape of `GET /products`. */
export interface ListPage {
  readonly items: Product[];
  readonly total_count: number;
  readonly page: number;
  readonly page_size: number;
  readonly has_next: boolean;
  readonly has_prev: boolean;
}

/** Outcome of parsing one text: a value, or a message explaining why the text is not valid. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
