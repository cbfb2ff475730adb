import { InvalidOptionError } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheOptions } from '@s3verless/express-cache';

describe('cacheMiddleware options', () => {
  it.each<[ResponseCacheOptions, string]>([
    [{ ttl: 0 }, 'ttl'],
    [{ ttl: -1 }, 'ttl'],
    [{ ttl: Infinity }, 'ttl'],
    [{ staleWhileRevalidate: -1 }, 'staleWhileRevalidate'],
    [{ staleIfError: NaN }, 'staleIfError'],
    [{ statuses: [] }, 'statuses'],
    [{ statuses: [206] }, 'statuses'],
    [{ maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ maxBodyBytes: 1.5 }, 'maxBodyBytes'],
    [{ keyPrefix: '' }, 'keyPrefix'],
    [{ keyPrefix: 'a*' }, 'keyPrefix'],
    [{ maxKeyLength: 10 }, 'maxKeyLength'],
    [{ authenticated: 'yes' as never }, 'authenticated'],
    [{ varyHeaders: ['bad header'] }, 'varyHeaders'],
    [{ bypassHeader: 'a b' }, 'bypassHeader'],
    [{ backendTimeout: 0 }, 'backendTimeout'],
    [{ coalesceTimeout: -5 }, 'coalesceTimeout'],
    [{ key: 'response:x' as never }, 'key'],
    [{ tll: 60 } as never, 'tll'],
  ])('rejects %p, naming %s', (options, name) => {
    let error: unknown;
    try {
      cacheMiddleware(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(name);
  });

  it('accepts a complete, valid configuration', () => {
    const middleware = cacheMiddleware({
      ttl: 30,
      staleWhileRevalidate: 10,
      staleIfError: 600,
      statuses: [200, 404],
      maxBodyBytes: 65_536,
      keyPrefix: 'api-response',
      maxKeyLength: 256,
      varyHeaders: ['Accept-Language'],
      storeHeaders: ['x-total-count'],
      bypassHeader: 'x-refresh',
      backendTimeout: 100,
      invalidationTimeout: 2000,
      coalesceTimeout: 5000,
      cacheStatusName: 'edge',
    });
    expect(typeof middleware).toBe('function');
    expect(middleware.pathPattern('/x')).toBe('api-response:/x*');
  });
});
