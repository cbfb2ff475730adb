import type { Product } from '../../src/domain/product';
import { applyListQuery } from '../../src/query/apply-query';
import { fieldValue } from '../../src/query/field-value';
import { parseListQuery } from '../../src/query/parse-query';
import { product } from './fixtures';

describe('fieldValue', () => {
  it('types every field of a product', () => {
    const p = product(1, { description: '' });
    expect(fieldValue(p, 'id')).toBe(p.id);
    expect(fieldValue(p, 'name')).toBe('Product 1');
    expect(fieldValue(p, 'description')).toBe('');
    expect(fieldValue(p, 'price')).toBe(10);
    expect(fieldValue(p, 'stock')).toBe(1);
    expect(fieldValue(p, 'is_active')).toBe(true);
    expect(fieldValue(p, 'created_at')).toEqual({ epochSeconds: Date.parse('2024-01-01T00:00:00Z') / 1000, nanos: 0 });
  });

  it('is undefined for an absent or null optional field', () => {
    expect(fieldValue(product(1, { description: undefined }), 'description')).toBeUndefined();
    const withNull = { ...product(1), description: null } as unknown as Product;
    expect(fieldValue(withNull, 'description')).toBeUndefined();
  });

  it('treats a malformed stored value as absent (defensive: sorts last, never compares)', () => {
    const broken = { ...product(2), created_at: 'not a date', price: '10' } as unknown as Product;
    expect(fieldValue(broken, 'created_at')).toBeUndefined();
    expect(fieldValue(broken, 'price')).toBeUndefined();
    const result = applyListQuery([broken, product(1)], parseListQuery({}));
    expect(result.items.map((p) => p.id)).toEqual([product(1).id, broken.id]);
    expect(applyListQuery([broken], parseListQuery({ created_at__lt: '2100-01-01' })).total_count).toBe(0);
    expect(applyListQuery([broken], parseListQuery({ created_at__is_null: 'true' })).total_count).toBe(1);
  });
});
