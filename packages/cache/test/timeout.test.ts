import { CacheTimeoutError, withTimeout } from '@s3verless/cache';

describe('withTimeout', () => {
  afterEach(() => jest.useRealTimers());

  it('arms no timer for a promise that settles within a couple of microtasks', async () => {
    jest.useFakeTimers();
    const result = withTimeout(Promise.resolve(42), 100, 'get');
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(jest.getTimerCount()).toBe(0);
    expect(await result).toBe(42);
  });

  it('rejects with CacheTimeoutError when the promise is still pending after the timeout', async () => {
    jest.useFakeTimers();
    const result = withTimeout(new Promise(() => undefined), 100, 'get').catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(99);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(CacheTimeoutError);
    expect((error as CacheTimeoutError).message).toMatch(/"get" did not settle within 100 ms/);
  });

  it('passes a late result through and clears its timer', async () => {
    jest.useFakeTimers();
    const late = new Promise((resolve) => setTimeout(() => resolve('late'), 50));
    const result = withTimeout(late, 100, 'get');
    await jest.advanceTimersByTimeAsync(50);
    expect(await result).toBe('late');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes a rejection through', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 100, 'get')).rejects.toThrow('boom');
  });
});
