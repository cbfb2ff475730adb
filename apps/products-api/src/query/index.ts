/** The list-query engine of the products API: parsing, filtering, sorting, paging. Pure, no I/O. */
export { applyListQuery, countMatching } from './apply-query';
export { compareCodePoints, compareScalars } from './compare';
export { QueryValidationError, type QueryIssue } from './errors';
export { fieldValue } from './field-value';
export { parseFiniteNumber, parseInteger, parseScalar, toCacheScalar } from './filter-value';
export { compareInstants, formatInstant, parseInstant, type Instant, type InstantParseFailure } from './instant';
export { matchesAll, matchesFilter } from './match-filter';
export { FILTER_OPERATORS, isFilterOperator, operatorRestriction, type FilterOperator } from './operators';
export { filterKey, isProductField, parseFilterParam, type ParsedFilter } from './parse-filter';
export {
  LIST_QUERY_DEFAULTS,
  MAX_PAGE_SIZE,
  RESERVED_PARAMS,
  parseListQuery,
  type ParseListQueryOptions,
  type RawQuery,
} from './parse-query';
export { sortEntryComparator, type SortEntry } from './sort';
export type * from './types';
