import { compareCodePoints } from './compare';
import { QueryValidationError, type QueryIssue } from './errors';
import { parseInteger } from './filter-value';
import { isProductField, parseFilterParam, type ParsedFilter } from './parse-filter';
import type { CacheFilters, ListQuery, ParsedListQuery, ParseResult, ProductField, SortOrder } from './types';

/**
 * A query as Express 5's default ("simple") query parser gives it: `string` values, an array for a
 * repeated parameter, `undefined` for nothing. Typed `unknown` so that `req.query` fits as is;
 * any other value (a nested object from an "extended" parser) is an issue.
 */
export type RawQuery = Readonly<Record<string, unknown>>;

/** Options of {@link parseListQuery}. */
export interface ParseListQueryOptions {
  /**
   * `true` (default) for `GET /products`. `false` for `GET /products/count`: `sort_by`,
   * `sort_order`, `page` and `page_size` are then ignored, whatever their values, and the result
   * carries the defaults.
   */
  readonly allowPaging?: boolean;
}

/** Defaults of the reserved parameters. */
export const LIST_QUERY_DEFAULTS = Object.freeze({
  sortBy: 'created_at' as ProductField,
  sortOrder: 'asc' as SortOrder,
  page: 1,
  pageSize: 20,
});

/** Largest accepted `page_size`. */
export const MAX_PAGE_SIZE = 100;

/** Query parameters that are not filters. */
export const RESERVED_PARAMS: readonly string[] = Object.freeze(['sort_by', 'sort_order', 'page', 'page_size']);

type Paging = { -readonly [K in 'sortBy' | 'sortOrder' | 'page' | 'pageSize']: ListQuery[K] };

function isRawValue(raw: unknown): raw is string | readonly string[] {
  return typeof raw === 'string' || (Array.isArray(raw) && raw.every((item) => typeof item === 'string'));
}

function single(param: string, raw: string | readonly string[]): ParseResult<string> {
  if (typeof raw === 'string') return { ok: true, value: raw };
  return { ok: false, message: `${param} given ${raw.length} times; give it once` };
}

function parseSortBy(raw: string): ParseResult<ProductField> {
  if (isProductField(raw)) return { ok: true, value: raw };
  return { ok: false, message: `sort_by must be a field name, got ${JSON.stringify(raw)}` };
}

function parseSortOrder(raw: string): ParseResult<SortOrder> {
  if (raw === 'asc' || raw === 'desc') return { ok: true, value: raw };
  return { ok: false, message: `sort_order must be asc or desc, got ${JSON.stringify(raw)}` };
}

function parseBoundedInteger(param: string, raw: string, min: number, max: number): ParseResult<number> {
  const parsed = parseInteger(raw);
  if (parsed.ok && parsed.value >= min && parsed.value <= max) return parsed;
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return { ok: false, message: `${param} must be ${range}, got ${JSON.stringify(raw)}` };
}

/** Parses one reserved parameter into `paging`, or returns the issue. */
function applyReserved(paging: Paging, param: string, raw: string | readonly string[]): QueryIssue | undefined {
  const text = single(param, raw);
  if (!text.ok) return { param, message: text.message };
  let problem: string | undefined;
  if (param === 'sort_by') {
    const parsed = parseSortBy(text.value);
    if (parsed.ok) paging.sortBy = parsed.value;
    else problem = parsed.message;
  } else if (param === 'sort_order') {
    const parsed = parseSortOrder(text.value);
    if (parsed.ok) paging.sortOrder = parsed.value;
    else problem = parsed.message;
  } else {
    const max = param === 'page' ? Number.MAX_SAFE_INTEGER : MAX_PAGE_SIZE;
    const parsed = parseBoundedInteger(param, text.value, 1, max);
    if (!parsed.ok) problem = parsed.message;
    else if (param === 'page') paging.page = parsed.value;
    else paging.pageSize = parsed.value;
  }
  return problem === undefined ? undefined : { param, message: problem };
}

/**
 * Validates and types the query of `GET /products` (or, with `allowPaging: false`, of
 * `GET /products/count`).
 *
 * - Filters: `field=value` (eq) and `field__op=value`, see {@link parseFilterParam}. Several
 *   filters all apply (AND); `field` and `field__eq` are the same filter and may not both appear.
 * - `sort_by` (a field, default `created_at`), `sort_order` (`asc` | `desc`, default `asc`),
 *   `page` (integer >= 1, default 1), `page_size` (integer 1..100, default 20); never clamped.
 * - Parameters whose value is `undefined` are skipped.
 *
 * The filters come out ordered by their canonical key, and `cacheFilters` is the same for two
 * queries that mean the same filters (parameter order, `10` vs `10.0`, datetime offsets, order and
 * duplicates of `in` lists do not matter).
 *
 * @throws QueryValidationError with one issue per invalid parameter, all of them collected.
 */
export function parseListQuery(query: RawQuery, options: ParseListQueryOptions = {}): ParsedListQuery {
  const allowPaging = options.allowPaging ?? true;
  const paging: Paging = { ...LIST_QUERY_DEFAULTS };
  const issues: QueryIssue[] = [];
  const parsedFilters = new Map<string, { param: string; parsed: ParsedFilter }>();

  for (const [param, raw] of Object.entries(query)) {
    const reserved = RESERVED_PARAMS.includes(param);
    if (raw === undefined || (reserved && !allowPaging)) continue;
    if (!isRawValue(raw)) {
      issues.push({ param, message: `${param} must be a plain value (nested parameters are not supported)` });
      continue;
    }
    if (reserved) {
      const issue = applyReserved(paging, param, raw);
      if (issue !== undefined) issues.push(issue);
      continue;
    }
    const result = parseFilterParam(param, raw);
    if (!result.ok) {
      issues.push({ param, message: result.message });
      continue;
    }
    const { key } = result.value.filter;
    const earlier = parsedFilters.get(key);
    if (earlier !== undefined) {
      issues.push({ param, message: `same filter as ${earlier.param} (${key} and ${key}__eq both mean equality); give it once` });
      continue;
    }
    parsedFilters.set(key, { param, parsed: result.value });
  }
  if (issues.length > 0) throw new QueryValidationError(issues);

  const keys = [...parsedFilters.keys()].sort(compareCodePoints);
  const cacheFilters: CacheFilters = {};
  for (const key of keys) cacheFilters[key] = parsedFilters.get(key)!.parsed.cacheValue;
  const filters = keys.map((key) => parsedFilters.get(key)!.parsed.filter);
  return { filters, ...paging, cacheFilters };
}
