/**
 * `If-Match` on PUT across S3 dialects, on the embedded server behind a proxy
 * that enforces conditional writes like AWS S3 / MinIO (`aws`) or like Ceph
 * RGW 16.2 (`rgw`: the quoted ETag always fails with 412). The same paths run
 * on a real RGW in `test/s3-real/`.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/s3/s3-client';
import { DuplicateSkuError } from '../../src/storage/errors';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { type ConditionalDialect, type ConditionalProxy, startConditionalProxy } from '../helpers/conditional-proxy';
import { makeProduct, type S3Fixture, startS3Fixture, testClientSettings } from '../helpers/s3-fixture';

let s3: S3Fixture;
const proxies: ConditionalProxy[] = [];
const clients: S3Client[] = [];

beforeAll(async () => {
  s3 = await startS3Fixture('if-match-test');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const proxy of proxies) await proxy.close();
  await s3.close();
});

/** A store (and client) reaching the embedded server through a proxy of `dialect`. */
async function storeBehind(dialect: ConditionalDialect): Promise<{ store: S3ObjectStore; client: S3Client; proxy: ConditionalProxy }> {
  const proxy = await startConditionalProxy(s3.server.endpoint, dialect);
  proxies.push(proxy);
  const client = createS3Client(testClientSettings(proxy.url));
  clients.push(client);
  return { store: new S3ObjectStore(client, s3.bucket), client, proxy };
}

/** The PUT/HEAD requests of `key` as `METHOD if-match status`, the ETag shown as E. */
function trace(proxy: ConditionalProxy, key: string, etag: string): string[] {
  return proxy.requests
    .filter((r) => r.path.split('?')[0].endsWith(`/${key}`) && (r.method === 'PUT' || r.method === 'HEAD'))
    .map((r) => [r.method, r.ifMatch?.replace(etag, 'E'), r.status].filter((part) => part !== undefined).join(' '));
}

async function etagOf(store: S3ObjectStore, key: string): Promise<string> {
  const etag = await store.headEtag(key);
  if (etag === undefined) throw new Error(`${key} is missing`);
  return etag;
}

describe('S3ObjectStore.putText with ifMatch', () => {
  test('aws dialect: the quoted ETag is accepted at once (one PUT, no HEAD)', async () => {
    const { store, proxy } = await storeBehind('aws');
    const key = `aws-${randomUUID()}.json`;
    await s3.putRaw(key, '{"v":1}');
    const etag = await etagOf(store, key);
    proxy.requests.length = 0;
    await expect(store.putText(key, '{"v":2}', { ifMatch: etag })).resolves.toMatchObject({ written: true });
    expect(trace(proxy, key, etag)).toEqual(['PUT "E" 200']);
    expect(store.preferredIfMatchForm).toBe('quoted');
    expect((await s3.getRaw(key))?.body).toBe('{"v":2}');
  });

  test('rgw dialect: a 412 to the quoted current ETag is retried once unquoted, and the bare form is kept', async () => {
    const { store, proxy } = await storeBehind('rgw');
    const key = `rgw-${randomUUID()}.json`;
    await s3.putRaw(key, '{"v":1}');
    const etag = await etagOf(store, key);
    proxy.requests.length = 0;
    const outcome = await store.putText(key, '{"v":2}', { ifMatch: etag });
    expect(outcome).toMatchObject({ written: true });
    expect(trace(proxy, key, etag)).toEqual(['PUT "E" 412', 'HEAD 200', 'PUT E 200']);
    expect(store.preferredIfMatchForm).toBe('unquoted');
    expect((await s3.getRaw(key))?.body).toBe('{"v":2}');

    // The next conditional write goes bare at once.
    const next = outcome.written ? (outcome.etag ?? '') : '';
    proxy.requests.length = 0;
    await expect(store.putText(key, '{"v":3}', { ifMatch: next })).resolves.toMatchObject({ written: true });
    expect(trace(proxy, key, next)).toEqual(['PUT E 200']);
  });

  test.each(['aws', 'rgw'] as const)('%s dialect: an object changed since its ETag was read keeps the 412 and is not written', async (dialect) => {
    const { store, proxy } = await storeBehind(dialect);
    const key = `changed-${dialect}-${randomUUID()}.json`;
    await s3.putRaw(key, '{"v":1}');
    const stale = await etagOf(store, key);
    await s3.putRaw(key, '{"v":"other writer"}');
    proxy.requests.length = 0;
    await expect(store.putText(key, '{"v":2}', { ifMatch: stale })).resolves.toEqual({ written: false, reason: 'condition-failed' });
    expect(trace(proxy, key, stale)).toEqual(['PUT "E" 412', 'HEAD 200']);
    expect((await s3.getRaw(key))?.body).toBe('{"v":"other writer"}');
    expect(store.preferredIfMatchForm).toBe('quoted');
  });

  test.each(['aws', 'rgw'] as const)('%s dialect: a missing object is condition-failed (AWS 404, RGW 412), not created', async (dialect) => {
    const { store } = await storeBehind(dialect);
    const key = `missing-${dialect}-${randomUUID()}.json`;
    await expect(store.putText(key, '{"v":2}', { ifMatch: 'd41d8cd98f00b204e9800998ecf8427e' })).resolves.toEqual({
      written: false,
      reason: 'condition-failed',
    });
    expect(await s3.getRaw(key)).toBeUndefined();
  });

  test('ifNoneMatch: an existing key is condition-failed', async () => {
    const { store } = await storeBehind('rgw');
    const key = `exists-${randomUUID()}.json`;
    await s3.putRaw(key, '{"v":1}');
    await expect(store.putText(key, '{"v":2}', { ifNoneMatch: '*' })).resolves.toEqual({ written: false, reason: 'condition-failed' });
  });
});

describe('stale sku marker takeover', () => {
  const markerKey = (sku: string): string => `s3verless-data/indexes/products/sku/${sku}.json`;

  test.each(['aws', 'rgw'] as const)('%s dialect: an old marker naming a missing product is taken over', async (dialect) => {
    const { client } = await storeBehind(dialect);
    const sku = `STALE-${dialect}-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), JSON.stringify({ id: randomUUID() }));
    const repo = new S3ProductRepository({ client, bucket: s3.bucket, now: () => Date.now() + 3_600_000 });
    const product = makeProduct({ sku });
    await expect(repo.create(product)).resolves.toBeUndefined();
    expect(JSON.parse((await s3.getRaw(markerKey(sku)))?.body ?? '')).toEqual({ id: product.id });
    expect(await repo.get(product.id)).toEqual(product);
  });

  test('rgw dialect: a young marker naming a missing product is still respected', async () => {
    const { client } = await storeBehind('rgw');
    const sku = `YOUNG-${randomUUID().slice(0, 8)}`;
    await s3.putRaw(markerKey(sku), JSON.stringify({ id: randomUUID() }));
    const repo = new S3ProductRepository({ client, bucket: s3.bucket });
    await expect(repo.create(makeProduct({ sku }))).rejects.toBeInstanceOf(DuplicateSkuError);
  });
});
