import { EntryStore, SCAN_SLICE } from '../src/store/entry-store';
import { MinHeap } from '../src/store/min-heap';
import { compileGlob } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';

describe('MinHeap', () => {
  it('pops numbers in ascending order', () => {
    const heap = new MinHeap();
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    values.forEach((v) => heap.push(v));
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop() as number);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});

describe('EntryStore expiry index', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(0);
  });

  it('finds expired entries by bucket without touching live ones', () => {
    const store = new EntryStore(null, false, clock);
    for (let i = 0; i < 1_000; i++) store.write(`k${i}`, i, 1_000 * (1 + (i % 10)));
    clock.advance(5_000);
    expect(store.purgeExpired(Infinity, true)).toBe(500);
    expect(store.size).toBe(500);
    for (let i = 0; i < 1_000; i++) expect(store.has(`k${i}`)).toBe(i % 10 >= 5);
  });

  it('purges within the current second exactly when asked', () => {
    const store = new EntryStore(null, false, clock);
    store.write('a', 1, 200);
    store.write('b', 1, 800);
    clock.advance(500);
    expect(store.purgeExpired(Infinity, false)).toBe(0);
    expect(store.purgeExpired(Infinity, true)).toBe(1);
    expect(store.has('b')).toBe(true);
  });

  it('honours the budget so a sweep can be sliced', () => {
    const store = new EntryStore(null, false, clock);
    for (let i = 0; i < 100; i++) store.write(`k${i}`, i, 1_000);
    clock.advance(2_000);
    expect(store.purgeExpired(30, true)).toBe(30);
    expect(store.size).toBe(70);
  });

  it('keeps the index consistent through overwrites, deletes and re-links', () => {
    const store = new EntryStore(10, true, clock);
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 10; i++) store.write(`k${i}`, round, 1_000 + ((round * 37 + i * 11) % 5_000));
      store.remove(`k${round % 10}`);
      clock.advance(97);
    }
    clock.advance(10_000);
    store.purgeExpired(Infinity, true);
    expect(store.size).toBe(0);
  });

  it('does not pile up empty buckets when one key is rewritten every second', () => {
    const store = new EntryStore(1, false, clock);
    for (let i = 0; i < 5_000; i++) {
      store.write('k', i, 3_600_000);
      clock.advance(1_000);
    }
    const index = (store as unknown as { expiry: { heads: Map<number, number> } }).expiry;
    expect(index.heads.size).toBeLessThan(2_100);
  });
});

describe('EntryStore scans', () => {
  it('deletePattern yields to the event loop between slices on a large cache', async () => {
    const store = new EntryStore(null, false, new ManualClock());
    const total = SCAN_SLICE * 3 + 17;
    for (let i = 0; i < total; i++) store.write(i % 2 ? `s3v:list:Product:${i}` : `s3v:model:Product:${i}`, i, 60_000);
    let immediates = 0;
    let keepTicking = true;
    const tick = () => {
      immediates++;
      if (keepTicking) setImmediate(tick);
    };
    setImmediate(tick);
    const removed = await store.removeMatching(compileGlob('s3v:list:Product:*'));
    keepTicking = false;
    expect(removed).toBe(Math.floor(total / 2));
    expect(immediates).toBeGreaterThanOrEqual(3); // other callbacks ran while it worked
  });
});
