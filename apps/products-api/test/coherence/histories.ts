/** Builders of hand-made histories for the coherence model tests. */
import type { CountOperation, GetOperation, ListOperation, S3Probe, WriteOperation } from '../../check/coherence/history';

export const P1 = '11111111-1111-4111-8111-111111111111';
export const P2 = '22222222-2222-4222-8222-222222222222';

let nextId = 1;

/** A write of `value` to `product` on `instance` during [inv, complete]; `status` 200 unless given (`null`: timeout). */
export function write(instance: string, product: string, value: number, inv: number, complete: number, status: number | null = 200, errorCode?: string): WriteOperation {
  return {
    kind: 'write', id: nextId++, instance, product, value, inv, complete,
    ...(status === null ? { error: 'timeout' } : { status }),
    ...(errorCode ? { errorCode } : {}),
  };
}

/** A by-id read that returned `value`. */
export function get(instance: string, product: string, value: number, inv: number, complete: number, path: 'get' | 'get-nc' = 'get'): GetOperation {
  return { kind: 'get', path, id: nextId++, instance, product, value, inv, complete, status: 200 };
}

/** A complete list page for `stock > threshold` with `items` ([product, value]). */
export function list(instance: string, threshold: number, items: ReadonlyArray<readonly [string, number]>, inv: number, complete: number): ListOperation {
  return {
    kind: 'list', path: 'list', id: nextId++, instance, threshold, pageSize: 100, inv, complete, status: 200,
    items: items.map(([product, value]) => ({ product, value })), totalCount: items.length,
  };
}

/** A count of `stock > threshold`. */
export function count(instance: string, threshold: number, n: number, inv: number, complete: number): CountOperation {
  return { kind: 'count', path: 'count', id: nextId++, instance, threshold, count: n, inv, complete, status: 200 };
}

/** A read of `product` straight from S3 that saw `value`. */
export function probe(product: string, value: number, inv: number, complete: number): S3Probe {
  return { product, value, inv, complete };
}
