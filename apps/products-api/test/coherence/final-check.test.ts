import { checkFinal } from '../../check/coherence/final-check';
import { RegisterModel } from '../../check/coherence/model';
import { P1, P2, write } from './histories';

const model = new RegisterModel(
  [write('A', P1, 1, 0, 10), write('B', P1, 2, 20, 30), write('A', P2, 3, 0, 10), write('B', P2, 4, 5, 15)],
  { lagMs: 250, instances: 2 },
);

describe('final agreement', () => {
  it('accepts S3 and every source agreeing on maximal values (either of two overlapping writes)', () => {
    const s3 = new Map([[P1, 2], [P2, 3]]);
    expect(checkFinal(model, s3, [
      { source: 'A get', byId: new Map([[P1, 2], [P2, 3]]) },
      { source: 'B list', list: { threshold: 2, items: new Map([[P2, 3]]) } },
      { source: 'B count', count: { threshold: 1, count: 2 } },
    ])).toEqual([]);
  });

  it('reports a superseded value in S3 (lost update)', () => {
    const violations = checkFinal(model, new Map([[P1, 1], [P2, 4]]), []);
    expect(violations.map((v) => v.kind)).toEqual(['final-not-maximal']);
    expect(violations[0].superseding?.map((w) => w.value)).toEqual([2]);
  });

  it('reports a cache path that disagrees with S3, in every shape', () => {
    const s3 = new Map([[P1, 2], [P2, 4]]);
    const violations = checkFinal(model, s3, [
      { source: 'B get', byId: new Map([[P2, 3]]) },
      { source: 'A list', list: { threshold: 0, items: new Map([[P1, 2]]) } },
      { source: 'A count', count: { threshold: 3, count: 0 } },
    ]);
    expect(violations.map((v) => [v.kind, v.summary.split(' ')[1]])).toEqual([
      ['final-disagreement', 'B'],
      ['final-disagreement', 'A'],
      ['final-disagreement', 'A'],
    ]);
    expect(violations[1].lines).toEqual([`${P2.slice(0, 8)}: absent (S3 4, stock > 0)`]);
  });

  it('reports a product missing from S3', () => {
    expect(checkFinal(model, new Map([[P1, 2]]), []).map((v) => v.kind)).toEqual(['final-disagreement']);
  });
});
