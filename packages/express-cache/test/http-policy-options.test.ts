import { InvalidOptionError } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheOptions } from '@s3verless/express-cache';

describe("policy 'http' options", () => {
  it.each<[ResponseCacheOptions, string]>([
    [{ policy: 'rfc' as never }, 'policy'],
    [{ policy: 'http', ttl: 60 }, 'ttl'],
    [{ policy: 'http', staleWhileRevalidate: 5 }, 'staleWhileRevalidate'],
    [{ policy: 'http', staleIfError: 5 }, 'staleIfError'],
    [{ policy: 'http', statuses: [200] }, 'statuses'],
    [{ policy: 'http', varyHeaders: ['accept'] }, 'varyHeaders'],
    [{ policy: 'http', storeHeaders: ['x-a'] }, 'storeHeaders'],
    [{ policy: 'http', heuristicMaxAge: -1 }, 'heuristicMaxAge'],
    [{ policy: 'http', maxVariants: 0 }, 'maxVariants'],
    [{ policy: 'http', retainStale: Infinity }, 'retainStale'],
    [{ policy: 'http', targetedCacheControl: ['bad header'] }, 'targetedCacheControl'],
    [{ heuristicMaxAge: 60 }, 'heuristicMaxAge'],
    [{ policy: 'ttl', maxVariants: 2 }, 'maxVariants'],
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

  it('accepts its own options', () => {
    const middleware = cacheMiddleware({
      policy: 'http', heuristicMaxAge: 0, maxVariants: 4, retainStale: 60, targetedCacheControl: ['Edge-Cache-Control', 'CDN-Cache-Control'],
    });
    expect(typeof middleware).toBe('function');
  });
});
