import { checkHistory, type ViolationKind } from '../../check/coherence/check';
import type { ModelOptions } from '../../check/coherence/model';
import type { Operation } from '../../check/coherence/history';
import { CONCURRENT_UPDATE } from '../../check/coherence/run-scenario';
import { count, get, list, P1, P2, write } from './histories';

const ONE: ModelOptions = { lagMs: 250, instances: 1 };
const TWO: ModelOptions = { lagMs: 250, instances: 2 };

function kinds(history: Operation[], options = ONE, rules = {}): ViolationKind[] {
  return checkHistory(history, options, rules).violations.map((v) => v.kind);
}

describe('by-id reads', () => {
  const base = [write('A', P1, 1, 0, 10), write('A', P1, 2, 20, 30)];

  it('reports a value superseded by a write acknowledged on the same instance', () => {
    const result = checkHistory([...base, get('A', P1, 1, 40, 45)], ONE);
    expect(result.violations.map((v) => v.kind)).toEqual(['stale-read']);
    expect(result.violations[0].producer?.value).toBe(1);
    expect(result.violations[0].superseding?.map((w) => w.value)).toEqual([2]);
  });

  it('accepts the old value while the superseding write is still in flight or just acknowledged', () => {
    expect(kinds([...base, get('A', P1, 1, 25, 35)])).toEqual([]);
    expect(kinds([...base, get('A', P1, 1, 30, 35)])).toEqual([]);
  });

  it('accepts either value of two overlapping writes, at any time after', () => {
    const overlapping = [write('A', P1, 1, 0, 30), write('A', P1, 2, 10, 40)];
    expect(kinds([...overlapping, get('A', P1, 1, 100, 101), get('A', P1, 2, 102, 103)])).toEqual([]);
  });

  it('lets an unacknowledged write supersede nothing, and its value be read', () => {
    const history = [write('A', P1, 1, 0, 10), write('A', P1, 2, 20, 30, null), write('A', P1, 3, 40, 50, 503, 'cache_invalidation_failed')];
    expect(kinds([...history, get('A', P1, 1, 100, 101), get('A', P1, 2, 102, 103), get('A', P1, 3, 104, 105)], ONE, {
      allowedWriteErrors: [{ status: 503, code: 'cache_invalidation_failed' }],
    })).toEqual(['timeout']);
  });

  it('treats a 4xx write as never applied: its value is unknown', () => {
    expect(kinds([write('A', P1, 1, 0, 10), write('A', P1, 2, 20, 30, 409), get('A', P1, 2, 40, 41)])).toEqual(['unexpected-status', 'unknown-value']);
  });

  it('accepts a 409 concurrent_update write (the run allows it) as one that never happened: it supersedes nothing, its value is unknown', () => {
    const history = [write('A', P1, 1, 0, 10), write('A', P1, 2, 20, 30, 409, 'concurrent_update')];
    const rules = { allowedWriteErrors: [CONCURRENT_UPDATE] };
    expect(kinds([...history, get('A', P1, 1, 40, 41)], ONE, rules)).toEqual([]);
    expect(kinds([...history, get('A', P1, 2, 40, 41)], ONE, rules)).toEqual(['unknown-value']);
  });

  it('allows cross-instance staleness within D and records it; beyond D it is stale', () => {
    const within = checkHistory([...base, get('B', P1, 1, 130, 131)], TWO);
    expect(within.violations).toEqual([]);
    expect(within.crossStaleness).toEqual([100]);
    const beyond = checkHistory([...base, get('B', P1, 1, 300, 301)], TWO);
    expect(beyond.violations.map((v) => v.kind)).toEqual(['stale-read']);
    expect(beyond.crossStaleness).toEqual([270]);
  });

  it('gives no lag on the instance that acknowledged the write (read-your-writes)', () => {
    expect(kinds([...base, get('A', P1, 1, 31, 32)], TWO)).toEqual(['stale-read']);
  });

  it('allows cross-instance staleness inside a recovery window, and counts it', () => {
    const result = checkHistory([...base, get('B', P1, 1, 900, 901)], { ...TWO, recoveryWindows: [{ from: 500, to: 1000 }] });
    expect(result.violations).toEqual([]);
    expect(result.allowedInWindow).toBe(1);
    expect(kinds([...base, get('A', P1, 1, 900, 901)], { ...TWO, recoveryWindows: [{ from: 500, to: 1000 }] })).toEqual(['stale-read']);
  });

  it('reports a future read and a value nobody wrote', () => {
    expect(kinds([get('A', P1, 1, 0, 5), write('A', P1, 1, 6, 10)])).toEqual(['future-read']);
    expect(kinds([write('A', P1, 1, 0, 10), get('A', P1, 7, 20, 21)])).toEqual(['unknown-value']);
    expect(kinds([write('A', P1, 1, 0, 10), write('A', P2, 2, 0, 10), get('A', P1, 2, 20, 21)])).toEqual(['unknown-value']);
  });

  it('reports 5xx and timeouts of reads', () => {
    const failed: Operation = { ...get('A', P1, 1, 20, 21), status: 502, errorCode: 'storage_unavailable', value: undefined };
    const timedOut: Operation = { ...get('A', P1, 1, 20, 21), status: undefined, error: 'timeout', value: undefined };
    expect(kinds([write('A', P1, 1, 0, 10), failed, timedOut])).toEqual(['server-error', 'timeout']);
  });
});

describe('lists', () => {
  const base = [write('A', P1, 10, 0, 5), write('A', P2, 20, 0, 5), write('A', P1, 30, 10, 15)];

  it('checks listed values like by-id reads and their membership', () => {
    expect(kinds([...base, list('A', 15, [[P1, 30], [P2, 20]], 20, 25)])).toEqual([]);
    expect(kinds([...base, list('A', 15, [[P1, 10], [P2, 20]], 20, 25)])).toEqual(['stale-read', 'list-wrong-member']);
  });

  it('reports a product absent although every admissible value is above the threshold', () => {
    const result = checkHistory([...base, list('A', 15, [[P2, 20]], 20, 25)], ONE);
    expect(result.violations.map((v) => v.kind)).toEqual(['list-missing-member']);
    expect(result.violations[0].admissible?.[0].values.map((w) => w.value)).toEqual([30]);
  });

  it('accepts an absence that an admissible value supports (write in flight, lag across instances)', () => {
    expect(kinds([...base, list('A', 15, [[P2, 20]], 12, 25)])).toEqual([]);
    expect(kinds([...base, list('B', 15, [[P2, 20]], 100, 101)], TWO)).toEqual([]);
    expect(kinds([...base, list('B', 15, [[P2, 20]], 300, 301)], TWO)).toEqual(['list-missing-member']);
  });

  it('does not judge absences on a page that did not cover every match', () => {
    const cut = { ...list('A', 15, [[P2, 20]], 20, 25), totalCount: 2 };
    expect(kinds([...base, cut])).toEqual([]);
  });
});

describe('counts', () => {
  const base = [write('A', P1, 10, 0, 5), write('A', P2, 20, 0, 5), write('A', P1, 30, 10, 15)];

  it('accepts a count between the products that must and may match', () => {
    expect(kinds([...base, count('A', 15, 2, 20, 25)])).toEqual([]);
    expect(kinds([...base, count('A', 15, 1, 12, 25)])).toEqual([]);
    expect(kinds([...base, count('A', 15, 2, 12, 25)])).toEqual([]);
  });

  it('reports a count outside that range', () => {
    expect(kinds([...base, count('A', 15, 1, 20, 25)])).toEqual(['count-out-of-range']);
    expect(kinds([...base, count('A', 15, 3, 20, 25)])).toEqual(['count-out-of-range']);
  });
});
