import { checkQuiet } from '../../check/coherence/quiet-check';
import { get, list, P1, P2, probe, write } from './histories';

const D = 100;

describe('quiet agreement (steady phase, against S3 probes)', () => {
  it('accepts reads that show what S3 held while no write was in flight', () => {
    const history = [write('A', P1, 1, 0, 10), get('A', P1, 1, 200, 210), get('B', P1, 1, 300, 310, 'get-nc')];
    const result = checkQuiet(history, [probe(P1, 1, 150, 160)], { lagMs: D });
    expect(result.violations).toEqual([]);
    expect(result.judged).toBe(2);
  });

  it('flags a cache holding the loser of two overlapping writes while S3 holds the winner', () => {
    // Twin writes: A's PUT landed first but A answered last; a write-through cache keeps A's 2.
    const history = [write('A', P1, 2, 0, 220), write('B', P1, 3, 50, 80), get('B', P1, 2, 400, 410)];
    const result = checkQuiet(history, [probe(P1, 3, 350, 360)], { lagMs: D });
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ kind: 'quiet-disagreement' });
    expect(result.violations[0].summary).toContain('S3 held 3');
    expect(result.violations[0].lines?.join('\n')).toContain('overlapping write');
  });

  it('gives the paths D to catch up after the last write ended, and judges nothing while a write is in flight', () => {
    const history = [
      write('A', P1, 1, 0, 10),
      write('A', P1, 2, 500, 520),
      get('B', P1, 1, 530, 540), // within D after the write ended: not judged
      get('B', P1, 1, 505, 515), // during the write: not judged
      get('B', P1, 1, 700, 710), // quiet, and wrong
    ];
    const result = checkQuiet(history, [probe(P1, 2, 600, 610)], { lagMs: D });
    expect(result.violations.map((v) => v.op?.id)).toEqual([history[4].id]);
  });

  it('judges nothing after a write that never answered (it may still land)', () => {
    const history = [write('A', P1, 1, 0, 10), write('A', P1, 2, 100, 5100, null), get('B', P1, 1, 6000, 6010)];
    expect(checkQuiet(history, [probe(P1, 1, 5500, 5510)], { lagMs: D }).judged).toBe(0);
  });

  it('judges nothing inside a recovery window', () => {
    const history = [write('A', P1, 1, 0, 10), get('B', P1, 7, 300, 310)];
    const options = { lagMs: D, recoveryWindows: [{ from: 250, to: 350 }] };
    expect(checkQuiet(history, [probe(P1, 1, 200, 210)], options).violations).toEqual([]);
  });

  it('checks list membership and listed values against S3', () => {
    const history = [
      write('A', P1, 10, 0, 10),
      write('A', P2, 20, 0, 10),
      list('A', 15, [[P2, 20]], 300, 310), // right: P1 (10) is not > 15
      list('A', 5, [[P2, 20]], 400, 410), // P1 missing: S3 has 10 > 5
      list('B', 15, [[P1, 10], [P2, 20]], 500, 510), // P1 listed although S3's 10 is not > 15
    ];
    const probes = [probe(P1, 10, 200, 210), probe(P2, 20, 200, 210)];
    const result = checkQuiet(history, probes, { lagMs: D });
    expect(result.violations.map((v) => [v.op?.id, v.summary.includes('absent')])).toEqual([
      [history[3].id, true],
      [history[4].id, false],
    ]);
  });

  it('does not judge a read whose quiet interval had no S3 probe', () => {
    const history = [write('A', P1, 1, 0, 10), get('B', P1, 9, 300, 310)];
    expect(checkQuiet(history, [], { lagMs: D }).judged).toBe(0);
  });
});
