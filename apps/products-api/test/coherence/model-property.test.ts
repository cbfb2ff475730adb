/**
 * Property tests: histories of a linearizable register (every operation takes
 * effect at one instant inside its interval; lists and counts see one snapshot)
 * never produce a violation, and replacing one read's value by a value that is
 * superseded beyond the lag is always detected.
 */
import fc from 'fast-check';
import { checkHistory } from '../../check/coherence/check';
import type { GetOperation, Operation } from '../../check/coherence/history';

const PRODUCTS = ['p0', 'p1', 'p2'];
const INSTANCES = ['A', 'B'];

const opArb = fc.record({
  kind: fc.constantFrom('write', 'write', 'get', 'get', 'list', 'count', 'write-503', 'write-lost'),
  product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }),
  instance: fc.integer({ min: 0, max: INSTANCES.length - 1 }),
  start: fc.integer({ min: 0, max: 1000 }),
  duration: fc.integer({ min: 1, max: 120 }),
  point: fc.double({ min: 0, max: 1, noNaN: true }),
  threshold: fc.integer({ min: 0, max: 60 }),
});

type Spec = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs the specs against one linearizable register per product and records the history. */
function simulate(specs: readonly Spec[]): Operation[] {
  const state = new Map<string, number>();
  const history: Operation[] = [];
  let id = 0;
  PRODUCTS.forEach((product, i) => {
    state.set(product, i + 1);
    history.push({ kind: 'write', id: id++, instance: 'A', product, value: i + 1, inv: -20, complete: -10, status: 201 });
  });
  let value = PRODUCTS.length + 1;
  const timed = specs.map((spec) => ({ spec, value: value++, at: spec.start + spec.point * spec.duration }));
  timed.sort((a, b) => a.at - b.at);
  for (const { spec, value: v } of timed) {
    const instance = INSTANCES[spec.instance];
    const product = PRODUCTS[spec.product];
    const times = { id: id++, instance, inv: spec.start, complete: spec.start + spec.duration };
    switch (spec.kind) {
      case 'write':
      case 'write-503':
        state.set(product, v);
        history.push({ kind: 'write', ...times, product, value: v, status: spec.kind === 'write' ? 200 : 503, errorCode: spec.kind === 'write' ? undefined : 'cache_invalidation_failed' });
        break;
      case 'write-lost': // timed out and never applied
        history.push({ kind: 'write', ...times, product, value: v, error: 'timeout' });
        break;
      case 'get':
        history.push({ kind: 'get', path: 'get', ...times, product, value: state.get(product), status: 200 });
        break;
      case 'list': {
        const items = PRODUCTS.filter((p) => (state.get(p) ?? 0) > spec.threshold).map((p) => ({ product: p, value: state.get(p) ?? 0 }));
        history.push({ kind: 'list', path: 'list', ...times, threshold: spec.threshold, pageSize: 100, items, totalCount: items.length, status: 200 });
        break;
      }
      case 'count':
        history.push({ kind: 'count', path: 'count', ...times, threshold: spec.threshold, count: PRODUCTS.filter((p) => (state.get(p) ?? 0) > spec.threshold).length, status: 200 });
    }
  }
  return history.sort((a, b) => a.inv - b.inv);
}

const RULES = { allowedWriteErrors: [{ status: 503, code: 'cache_invalidation_failed' }] };
const isTimeout = (kind: string) => kind === 'timeout';

describe('the model on generated histories', () => {
  it('finds nothing in histories of a linearizable register', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 300 }), (specs, lagMs) => {
        const { violations } = checkHistory(simulate(specs), { lagMs, instances: 2 }, RULES);
        expect(violations.filter((v) => !isTimeout(v.kind))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('always detects a read replaced by a value superseded beyond the lag', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 60 }), fc.integer({ min: 0, max: 300 }), fc.nat(), (specs, lagMs, pick) => {
        const history = simulate(specs);
        const writes = history.filter((op) => op.kind === 'write');
        // Independent of the model: (read, old value) pairs where an acknowledged write that
        // began after the old one ended was visible to the read (ack + lag < read.inv).
        const candidates: Array<{ read: GetOperation; value: number }> = [];
        for (const read of history) {
          if (read.kind !== 'get') continue;
          for (const old of writes) {
            if (old.product !== read.product || old.status === undefined) continue;
            const superseded = writes.some(
              (w) => w.product === old.product && w.status === 200 && old.complete < w.inv &&
                w.complete + (w.instance === read.instance ? 0 : lagMs) < read.inv,
            );
            if (superseded) candidates.push({ read, value: old.value });
          }
        }
        fc.pre(candidates.length > 0);
        const { read, value } = candidates[pick % candidates.length];
        const mutated = history.map((op) => (op === read ? { ...read, value } : op));
        const { violations } = checkHistory(mutated, { lagMs, instances: 2 }, RULES);
        expect(violations.some((v) => v.kind === 'stale-read' && v.op?.id === read.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
