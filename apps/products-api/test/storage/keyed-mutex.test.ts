import { KeyedMutex } from '../../src/storage/keyed-mutex';
import { createLimiter } from '../../src/storage/limiter';

describe('KeyedMutex', () => {
  test('serialises holders of one key in arrival order and forgets idle keys', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(`${name}:start`);
      await Promise.resolve();
      await Promise.resolve();
      order.push(`${name}:end`);
    };
    await Promise.all([mutex.run(['k'], task('a')), mutex.run(['k'], task('b')), mutex.run(['k'], task('c'))]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(mutex.size).toBe(0);
  });

  test('different keys do not wait for each other', async () => {
    const mutex = new KeyedMutex();
    const releaseA = await mutex.lock('a');
    const releaseB = await mutex.lock('b');
    releaseA();
    releaseB();
    releaseB(); // idempotent
    expect(mutex.size).toBe(0);
  });

  test('lockAll takes keys in sorted order, so opposite orders cannot deadlock', async () => {
    const mutex = new KeyedMutex();
    let active = 0;
    let maxActive = 0;
    const task = async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await Promise.resolve();
      active -= 1;
    };
    await Promise.all([mutex.run(['x', 'y'], task), mutex.run(['y', 'x'], task), mutex.run(['x', 'x'], task)]);
    expect(maxActive).toBe(1);
    expect(mutex.size).toBe(0);
  });

  test('a failing task releases its keys', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run(['k'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(['k'], async () => 'ok')).resolves.toBe('ok');
  });
});

describe('createLimiter', () => {
  test('never runs more than `concurrency` tasks and runs them all', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let maxActive = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise<void>((resolve) => setImmediate(resolve));
          active -= 1;
          return i;
        }),
      ),
    );
    expect(maxActive).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test('a rejected or throwing task frees its slot', async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error('a')))).rejects.toThrow('a');
    await expect(
      limit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  test.each([0, -1, 1.5, Number.NaN])('concurrency %p is a RangeError', (n) => {
    expect(() => createLimiter(n)).toThrow(RangeError);
  });
});
