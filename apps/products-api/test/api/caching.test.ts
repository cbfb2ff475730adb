import { deferred, type Deferred } from '@s3verless/cache/testing';
import type { Product } from '../../src/domain/product';
import type { ProductRepository } from '../../src/storage';
import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

/** The real repository, with a switch that holds the next scan after it has read S3. */
function pausable(real: ProductRepository, control: { pauseNextScan?: Deferred<void>; scans: number }): ProductRepository {
  return {
    get: (id) => real.get(id),
    scan: async () => {
      const products = await real.scan();
      control.scans++;
      const pause = control.pauseNextScan;
      control.pauseNextScan = undefined;
      if (pause) await pause.promise;
      return products;
    },
    create: (p) => real.create(p),
    replace: (a, b) => real.replace(a, b),
    delete: (p) => real.delete(p),
    ping: () => real.ping(),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('caching, proven with an S3 request counter', () => {
  let api: ApiFixture;
  const control: { pauseNextScan?: Deferred<void>; scans: number } = { scans: 0 };
  let lamp: Product;

  beforeAll(async () => {
    api = await startApiFixture({ wrapRepository: (real) => pausable(real, control) });
    for (let i = 0; i < 5; i++) await api.http.post('/products').send(productBody({ category: i % 2 ? 'lighting' : 'tools', price: 10 + i }));
    lamp = (await api.http.post('/products').send(productBody({ name: 'Lamp', category: 'lighting', price: 50 }))).body;
  });
  afterAll(() => api.close());
  beforeEach(() => api.requests.reset());

  it('a second GET of one product makes 0 S3 requests (response cache, then data cache)', async () => {
    await api.http.get(`/products/${lamp.id}`);
    api.requests.reset();
    const hit = await api.http.get(`/products/${lamp.id}`);
    expect(hit.headers['x-cache']).toBe('HIT');
    // Skip the response cache: the data cache (cache-aside by modelKey) still answers.
    const dataHit = await api.http.get(`/products/${lamp.id}`).set('cache-control', 'no-cache');
    expect(dataHit.body).toEqual(lamp);
    expect(api.requests.total).toBe(0);
  });

  it('a warm list and count make 0 S3 requests; a cold list after a write GETs only the changed object', async () => {
    await api.http.get('/products?category=lighting&sort_by=price&sort_order=desc');
    await api.http.get('/products/count?category=lighting');
    api.requests.reset();
    const list = await api.http.get('/products?category=lighting&sort_by=price&sort_order=desc').set('cache-control', 'no-cache');
    const count = await api.http.get('/products/count?category=lighting').set('cache-control', 'no-cache');
    expect(list.body.items[0].name).toBe('Lamp');
    expect(count.body.count).toBe(list.body.total_count);
    expect(api.requests.total).toBe(0);

    // Our own writes refresh the object cache: a cold list after a PATCH lists, and GETs nothing.
    await api.http.patch(`/products/${lamp.id}`).send({ stock: 7 });
    api.requests.reset();
    await api.http.get('/products?category=lighting&sort_by=stock');
    expect(api.requests.byCommand).toEqual({ ListObjectsV2Command: 1 });

    // Another writer changes one object behind our back: a cold list GETs that object only.
    const raw = JSON.parse((await api.s3.getRaw(`s3verless-data/products/${lamp.id}.json`))?.body ?? '{}');
    await api.s3.putRaw(`s3verless-data/products/${lamp.id}.json`, JSON.stringify({ ...raw, stock: 8 }));
    api.requests.reset();
    const cold = await api.http.get('/products?category=lighting&sort_by=name');
    expect(cold.body.items.find((p: Product) => p.id === lamp.id).stock).toBe(8);
    expect(api.requests.byCommand).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 1 });
    lamp = { ...lamp, stock: 8 };
  });

  it('after a PUT, the next GET by id, list, count and cached response show the new data', async () => {
    const listPath = '/products?category=lighting';
    const countPath = '/products/count?category=lighting&price__gte=50';
    await api.http.get(`/products/${lamp.id}`);
    await api.http.get(listPath);
    expect((await api.http.get(countPath)).body.count).toBe(1);
    expect((await api.http.get(listPath)).headers['x-cache']).toBe('HIT');

    const updated = await api.http.put(`/products/${lamp.id}`).send({ ...lamp, name: 'Lamp v2', price: 20 });
    expect(updated.status).toBe(200);

    const byId = await api.http.get(`/products/${lamp.id}`);
    expect(byId.body.name).toBe('Lamp v2');
    const dataById = await api.http.get(`/products/${lamp.id}`).set('cache-control', 'no-cache');
    expect(dataById.body.name).toBe('Lamp v2');
    const list = await api.http.get(listPath);
    expect(list.body.items.find((p: Product) => p.id === lamp.id).name).toBe('Lamp v2');
    expect((await api.http.get(countPath)).body.count).toBe(0);
    lamp = updated.body;
  });

  it('after a DELETE, GET by id answers 404 and lists drop the product', async () => {
    const doomed = (await api.http.post('/products').send(productBody({ category: 'doomed' }))).body;
    await api.http.get(`/products/${doomed.id}`);
    expect((await api.http.get('/products/count?category=doomed')).body.count).toBe(1);
    await api.http.delete(`/products/${doomed.id}`).expect(204);
    expect((await api.http.get(`/products/${doomed.id}`)).status).toBe(404);
    expect((await api.http.get('/products/count?category=doomed')).body.count).toBe(0);
  });

  it('a slow list read overlapping a write does not leave the old data cached (stale-set race)', async () => {
    const path = '/products?category=lighting&sort_by=name';
    const paused = deferred();
    control.pauseNextScan = paused;
    const scansBefore = control.scans;
    const slowList = api.fire('get', path);
    await until(() => control.scans === scansBefore + 1); // it has read the old data
    const write = await api.http.patch(`/products/${lamp.id}`).send({ name: 'Lamp v3' });
    expect(write.status).toBe(200);
    paused.resolve();
    const slow = await slowList;
    expect(slow.body.items.find((p: Product) => p.id === lamp.id).name).toBe('Lamp v2'); // read before the write
    const after = await api.http.get(path);
    expect(after.body.items.find((p: Product) => p.id === lamp.id).name).toBe('Lamp v3');
    const afterData = await api.http.get(path).set('cache-control', 'no-cache');
    expect(afterData.body.items.find((p: Product) => p.id === lamp.id).name).toBe('Lamp v3');
  });

  it('concurrent cold GETs of one list scan S3 once', async () => {
    await api.http.patch(`/products/${lamp.id}`).send({ stock: 1 }); // invalidates lists
    const scansBefore = control.scans;
    const results = await Promise.all(Array.from({ length: 10 }, () => api.fire('get', '/products?category=tools')));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(control.scans - scansBefore).toBe(1);
  });
});
