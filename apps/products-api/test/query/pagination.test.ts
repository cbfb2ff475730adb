import { applyListQuery } from '../../src/query/apply-query';
import { parseListQuery, type RawQuery } from '../../src/query/parse-query';
import { product } from './fixtures';

/** 45 products; products 1..30 are in category "a", 31..45 in "b". */
const PRODUCTS = Array.from({ length: 45 }, (_, i) => product(i + 1, { category: i < 30 ? 'a' : 'b' }));

function page(query: RawQuery) {
  const result = applyListQuery(PRODUCTS, parseListQuery(query));
  return { ...result, items: result.items.map((p) => Number(p.sku.slice(4))) };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('pagination', () => {
  it.each<[RawQuery, { items: number[]; total_count: number; page: number; page_size: number; has_next: boolean; has_prev: boolean }]>([
    [{}, { items: range(1, 20), total_count: 45, page: 1, page_size: 20, has_next: true, has_prev: false }],
    [{ page: '2' }, { items: range(21, 40), total_count: 45, page: 2, page_size: 20, has_next: true, has_prev: true }],
    [{ page: '3' }, { items: range(41, 45), total_count: 45, page: 3, page_size: 20, has_next: false, has_prev: true }],
    [{ page: '4' }, { items: [], total_count: 45, page: 4, page_size: 20, has_next: false, has_prev: true }],
    [{ page: '1000' }, { items: [], total_count: 45, page: 1000, page_size: 20, has_next: false, has_prev: true }],
    [{ page_size: '45' }, { items: range(1, 45), total_count: 45, page: 1, page_size: 45, has_next: false, has_prev: false }],
    [{ page_size: '44' }, { items: range(1, 44), total_count: 45, page: 1, page_size: 44, has_next: true, has_prev: false }],
    [{ page_size: '100' }, { items: range(1, 45), total_count: 45, page: 1, page_size: 100, has_next: false, has_prev: false }],
    [{ page_size: '15', page: '3' }, { items: range(31, 45), total_count: 45, page: 3, page_size: 15, has_next: false, has_prev: true }],
    [{ page_size: '1', page: '45' }, { items: [45], total_count: 45, page: 45, page_size: 1, has_next: false, has_prev: true }],
    [{ category: 'b', page_size: '10' }, { items: range(31, 40), total_count: 15, page: 1, page_size: 10, has_next: true, has_prev: false }],
    [{ category: 'b', page_size: '10', page: '2' }, { items: range(41, 45), total_count: 15, page: 2, page_size: 10, has_next: false, has_prev: true }],
    [{ category: 'b', sort_order: 'desc', page_size: '5', page: '2' }, { items: range(36, 40).reverse(), total_count: 15, page: 2, page_size: 5, has_next: true, has_prev: true }],
    [{ category: 'c' }, { items: [], total_count: 0, page: 1, page_size: 20, has_next: false, has_prev: false }],
    [{ category: 'c', page: '2' }, { items: [], total_count: 0, page: 2, page_size: 20, has_next: false, has_prev: true }],
  ])('%j', (query, expected) => {
    expect(page(query)).toEqual(expected);
  });

  it('pages of an empty collection are empty', () => {
    expect(applyListQuery([], parseListQuery({}))).toEqual({ items: [], total_count: 0, page: 1, page_size: 20, has_next: false, has_prev: false });
  });

  it('walking every page visits every match exactly once, in order', () => {
    const seen: number[] = [];
    for (let n = 1; ; n++) {
      const result = page({ page: String(n), page_size: '7', sort_order: 'desc' });
      seen.push(...result.items);
      if (!result.has_next) break;
    }
    expect(seen).toEqual(range(1, 45).reverse());
  });

  it('returns the given product objects', () => {
    const result = applyListQuery(PRODUCTS, parseListQuery({ page_size: '1' }));
    expect(result.items[0]).toBe(PRODUCTS[0]);
  });

  it('accepts any iterable of products', () => {
    const byId = new Map(PRODUCTS.map((p) => [p.id, p]));
    expect(applyListQuery(byId.values(), parseListQuery({ category: 'b' })).total_count).toBe(15);
  });

  it.each([
    [0, 20],
    [1.5, 20],
    [1, 0],
    [1, Number.NaN],
  ])('rejects page %p / pageSize %p given without parsing', (pageNumber, pageSize) => {
    expect(() => applyListQuery(PRODUCTS, { filters: [], sortBy: 'created_at', sortOrder: 'asc', page: pageNumber, pageSize })).toThrow(RangeError);
  });
});
