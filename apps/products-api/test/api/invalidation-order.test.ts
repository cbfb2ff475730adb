/**
 * A write drops the cached data (product, lists, counts) **before** the cached
 * responses, which are built from it: were both dropped at once, a request
 * arriving between the two would build a response from the old data and store
 * it afresh, to be served after the write answered (found by the coherence
 * checker: a response-cache HIT with the old list right after an acknowledged
 * PATCH on the same instance).
 */
import type { CacheBackend } from '@s3verless/cache';
import { deferred, type Deferred } from '@s3verless/cache/testing';
import type { Product } from '../../src/domain/product';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

/** The data cache, whose next `deletePattern` of a list key pattern waits for `hold` once it has been called. */
function slowListInvalidation(cache: CacheBackend, control: { hold?: Deferred<void>; held: boolean }): CacheBackend {
  return new Proxy(cache, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'deletePattern') return typeof value === 'function' ? value.bind(target) : value;
      return async (pattern: string) => {
        const hold = pattern.includes(':list:') ? control.hold : undefined;
        if (hold !== undefined) {
          control.hold = undefined;
          control.held = true;
          await hold.promise;
        }
        return target.deletePattern(pattern);
      };
    },
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a write drops cached data before cached responses', () => {
  let api: ApiFixture;
  const control: { hold?: Deferred<void>; held: boolean } = { held: false };

  beforeAll(async () => {
    api = await startApiFixture({ wrapCache: (cache) => slowListInvalidation(cache, control) });
  });
  afterAll(() => api.close());

  it('no response built from the old list during the write outlives it', async () => {
    const lamp = (await api.http.post('/products').send(productBody({ category: 'order', name: 'Lamp v1' }))).body as Product;
    const path = '/products?category=order';
    await api.http.get(path);
    expect((await api.http.get(path)).headers['x-cache']).toBe('HIT');

    const hold = deferred();
    control.hold = hold;
    const write = api.fire('patch', `/products/${lamp.id}`, { name: 'Lamp v2' });
    await until(() => control.held); // the list invalidation has begun, and is slow
    const during = await api.http.get(path); // before the write answers: the old list is allowed
    expect(during.body.items[0].name).toBe('Lamp v1');
    hold.resolve();
    expect((await write).status).toBe(200);

    const after = await api.http.get(path);
    expect(after.body.items[0].name).toBe('Lamp v2');
  });
});
