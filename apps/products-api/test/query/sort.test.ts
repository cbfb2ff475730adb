import type { Product } from '../../src/domain/product';
import { applyListQuery } from '../../src/query/apply-query';
import { parseListQuery, type RawQuery } from '../../src/query/parse-query';
import { product } from './fixtures';

/** The sku numbers of the first page (size 100) of a query. */
function order(products: Product[], query: RawQuery): number[] {
  const page = applyListQuery(products, parseListQuery({ page_size: '100', ...query }));
  return page.items.map((p) => Number(p.sku.slice(4)));
}

describe('sorting', () => {
  it('sorts numbers numerically, not as text: 9 < 10 < 100', () => {
    const products = [product(1, { price: 100 }), product(2, { price: 9 }), product(3, { price: 10 }), product(4, { price: 9.5 })];
    expect(order(products, { sort_by: 'price' })).toEqual([2, 4, 3, 1]);
    expect(order(products, { sort_by: 'price', sort_order: 'desc' })).toEqual([1, 3, 4, 2]);
  });

  it('sorts integers numerically', () => {
    const products = [product(1, { stock: 100 }), product(2, { stock: 9 }), product(3, { stock: 10 }), product(4, { stock: 0 })];
    expect(order(products, { sort_by: 'stock' })).toEqual([4, 2, 3, 1]);
  });

  it('sorts strings by code point, case-sensitively', () => {
    const products = [
      product(1, { name: 'apple' }),
      product(2, { name: 'Ápple' }),
      product(3, { name: 'Zebra' }),
      product(4, { name: '😀' }),
      product(5, { name: '\uFFFD' }),
      product(6, { name: 'Apple' }),
    ];
    expect(order(products, { sort_by: 'name' })).toEqual([6, 3, 1, 2, 5, 4]);
    expect(order(products, { sort_by: 'name', sort_order: 'desc' })).toEqual([4, 5, 2, 1, 3, 6]);
  });

  it('sorts booleans false before true', () => {
    const products = [product(1, { is_active: true }), product(2, { is_active: false }), product(3, { is_active: true })];
    expect(order(products, { sort_by: 'is_active' })).toEqual([2, 1, 3]);
    expect(order(products, { sort_by: 'is_active', sort_order: 'desc' })).toEqual([1, 3, 2]);
  });

  it('sorts datetimes as instants, whatever their offsets', () => {
    const products = [
      product(1, { updated_at: '2024-01-01T10:00:00+02:00' }),
      product(2, { updated_at: '2024-01-01T08:30:00Z' }),
      product(3, { updated_at: '2024-01-01T03:15:00-05:00' }),
      product(4, { updated_at: '2024-01-01T07:59:59.999999Z' }),
    ];
    expect(order(products, { sort_by: 'updated_at' })).toEqual([4, 1, 3, 2]);
    expect(order(products, { sort_by: 'updated_at', sort_order: 'desc' })).toEqual([2, 3, 1, 4]);
  });

  it('puts missing values last in both orders', () => {
    const products = [
      product(1, { description: undefined }),
      product(2, { description: 'b' }),
      product(3, { description: '' }),
      product(4, { description: undefined }),
      product(5, { description: 'a' }),
    ];
    expect(order(products, { sort_by: 'description' })).toEqual([3, 5, 2, 1, 4]);
    expect(order(products, { sort_by: 'description', sort_order: 'desc' })).toEqual([2, 5, 3, 1, 4]);
  });

  it('breaks ties by id ascending in both orders', () => {
    const products = [product(3, { price: 5 }), product(1, { price: 5 }), product(4, { price: 1 }), product(2, { price: 5 })];
    expect(order(products, { sort_by: 'price' })).toEqual([4, 1, 2, 3]);
    expect(order(products, { sort_by: 'price', sort_order: 'desc' })).toEqual([1, 2, 3, 4]);
  });

  it('sorts by created_at ascending, then id, by default', () => {
    const same = '2024-03-01T00:00:00Z';
    const products = [
      product(5, { created_at: same }),
      product(2, { created_at: '2024-03-02T00:00:00Z' }),
      product(1, { created_at: '2024-03-01T01:00:00+01:00' }),
      product(3, { created_at: '2024-02-01T00:00:00Z' }),
    ];
    expect(order(products, {})).toEqual([3, 1, 5, 2]);
  });

  it('sorts by id', () => {
    const products = [product(3), product(1), product(2)];
    expect(order(products, { sort_by: 'id' })).toEqual([1, 2, 3]);
    expect(order(products, { sort_by: 'id', sort_order: 'desc' })).toEqual([3, 2, 1]);
  });

  it('does not modify the input', () => {
    const products = [product(3), product(1), product(2)];
    const before = products.map((p) => ({ ...p }));
    order(products, { sort_by: 'price', sort_order: 'desc' });
    expect(products).toEqual(before);
  });
});
