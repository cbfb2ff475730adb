import { formatDuration, formatRate, ProgressBar } from '../../src/seed/progress';
import { fakeStream } from './fake-stream';

/** A clock the test moves by hand (ms). */
function manualClock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

describe('ProgressBar on a TTY', () => {
  test('redraws one line in place with bar, count/total, percent, rate and ETA; finish ends the line', () => {
    const stream = fakeStream({ isTTY: true });
    const clock = manualClock();
    const bar = new ProgressBar({ stream, label: 'seeding', width: 10, now: clock.now, redrawIntervalMs: 0 });
    bar.update(0, 200);
    clock.advance(2000);
    bar.update(100, 200);
    expect(stream.chunks).toHaveLength(2);
    for (const chunk of stream.chunks) {
      expect(chunk.startsWith('\r')).toBe(true);
      expect(chunk).not.toContain('\n');
    }
    expect(stream.chunks[1]).toBe('\rseeding [#####-----] 100/200  50% 50/s ETA 2s');
    clock.advance(2000);
    bar.update(200, 200);
    bar.finish();
    expect(stream.chunks.at(-2)).toBe('\rseeding [##########] 200/200 100% 50/s ETA 0s');
    expect(stream.chunks.at(-1)).toBe('\n');
    expect(stream.text().split('\n')).toHaveLength(2); // one line, ended once
    bar.finish();
    bar.update(5, 200);
    expect(stream.text().endsWith('\n')).toBe(true); // nothing after finish
  });

  test('rate and ETA count from the first update, not from construction', () => {
    const stream = fakeStream({ isTTY: true });
    const clock = manualClock();
    const bar = new ProgressBar({ stream, label: 's', width: 2, now: clock.now, redrawIntervalMs: 0 });
    clock.advance(60_000); // a slow scan before the work starts
    bar.update(0, 10);
    expect(stream.chunks[0]).toBe('\rs [--]  0/10   0% 0/s ETA --');
    clock.advance(1000);
    bar.update(5, 10);
    expect(stream.chunks[1]).toBe('\rs [#-]  5/10  50% 5.0/s ETA 1s');
  });

  test('throttles redraws but always draws the last one', () => {
    const stream = fakeStream({ isTTY: true });
    const clock = manualClock();
    const bar = new ProgressBar({ stream, now: clock.now, redrawIntervalMs: 100 });
    for (let done = 1; done <= 1000; done += 1) {
      if (done % 10 === 0) clock.advance(1);
      bar.update(done, 1000);
    }
    // 100 ms of clock: a draw at the start, one per 100 ms at most, and the final one.
    expect(stream.chunks.length).toBeLessThanOrEqual(3);
    expect(stream.chunks.at(-1)).toContain('1000/1000 100%');
  });

  test('blanks leftovers of a longer previous line', () => {
    const stream = fakeStream({ isTTY: true });
    const clock = manualClock();
    const bar = new ProgressBar({ stream, label: 'x', width: 4, now: clock.now, redrawIntervalMs: 0 });
    bar.update(0, 1000);
    clock.advance(1000);
    bar.update(1, 1000);
    clock.advance(1000);
    bar.update(999, 1000);
    const [, first, second] = stream.chunks;
    expect(first).toBe('\rx [----]    1/1000   0% 1.0/s ETA 16m39s');
    expect(second.trimEnd()).toBe('\rx [####]  999/1000  99% 500/s ETA 1s');
    expect(second).toHaveLength(first.length);
  });

  test('stays shorter than the terminal', () => {
    const stream = fakeStream({ isTTY: true, columns: 30 });
    const bar = new ProgressBar({ stream, label: 'seeding', width: 40, redrawIntervalMs: 0 });
    bar.update(3, 100_000);
    for (const chunk of stream.chunks) expect(chunk.replace('\r', '').trimEnd().length).toBeLessThan(30);
    expect(stream.chunks[0]).toContain('3/100000');
  });
});

describe('ProgressBar when not a TTY', () => {
  test('prints a plain line every 10%, without control characters', () => {
    const stream = fakeStream({ isTTY: false });
    const clock = manualClock();
    const bar = new ProgressBar({ stream, label: 'seeding', now: clock.now });
    bar.update(0, 100);
    for (let done = 1; done <= 100; done += 1) {
      clock.advance(10);
      bar.update(done, 100);
    }
    bar.finish();
    const lines = stream.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    expect(lines[0]).toBe('seeding:  10/100 (10%), 100/s, ETA 1s');
    expect(lines[4]).toBe('seeding:  50/100 (50%), 100/s, ETA 1s');
    expect(lines[9]).toBe('seeding: 100/100 (100%), 100/s, ETA 0s');
    expect(stream.text()).not.toContain('[');
  });

  test('small totals: a line per crossed step, the last one at done = total, never twice', () => {
    const stream = fakeStream();
    const bar = new ProgressBar({ stream, label: 'p' });
    for (let done = 0; done <= 7; done += 1) bar.update(done, 7);
    bar.finish();
    const counts = stream.text().trim().split('\n').map((line) => line.split(' ')[1]);
    expect(counts).toEqual(['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
  });

  test('finish prints the final state when it was not printed yet (interrupted run)', () => {
    const stream = fakeStream();
    const bar = new ProgressBar({ stream, label: 'p' });
    bar.update(10, 100);
    bar.update(15, 100);
    bar.finish();
    const lines = stream.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^p:  10\/100 \(10%\)/);
    expect(lines[1]).toMatch(/^p:  15\/100 \(15%\)/);
  });

  test('nothing to do prints nothing', () => {
    const stream = fakeStream();
    const bar = new ProgressBar({ stream });
    bar.update(0, 0);
    bar.finish();
    expect(stream.chunks).toEqual([]);
    const tty = fakeStream({ isTTY: true });
    const ttyBar = new ProgressBar({ stream: tty });
    ttyBar.update(0, 0);
    ttyBar.finish();
    expect(tty.chunks).toEqual([]);
  });
});

describe('formatting', () => {
  test.each([
    [0.4, '1s'],
    [7, '7s'],
    [59.2, '1m00s'],
    [125, '2m05s'],
    [3840, '1h04m'],
    [Number.POSITIVE_INFINITY, '--'],
  ])('formatDuration(%p) = %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  test.each([
    [0, '0'],
    [0.25, '0.3'],
    [8.34, '8.3'],
    [42.4, '42'],
    [1234.5, '1235'],
  ])('formatRate(%p) = %p', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});
