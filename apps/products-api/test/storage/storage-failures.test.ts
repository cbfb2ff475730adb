import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedS3 } from '../../src/s3/embedded-s3';
import { createS3Client } from '../../src/s3/s3-client';
import { StorageUnavailableError } from '../../src/storage/errors';
import { S3ProductRepository } from '../../src/storage/s3-product-repository';
import { type FakeServer, s3ErrorAnswer, startHttpServer, startSilentServer } from '../helpers/fake-http';
import { makeProduct, type S3Fixture, startS3Fixture, testClientSettings } from '../helpers/s3-fixture';

let s3: S3Fixture;
const others: FakeServer[] = [];
const clients: Array<{ destroy(): void }> = [];

function repoAt(endpoint: string, overrides: Parameters<typeof testClientSettings>[1] = {}, bucket = 'products-test') {
  const client = createS3Client(testClientSettings(endpoint, overrides));
  clients.push(client);
  return new S3ProductRepository({ client, bucket });
}

/** Runs `call` and returns the StorageUnavailableError it must reject with. */
async function unavailable(call: Promise<unknown>): Promise<StorageUnavailableError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  return error as StorageUnavailableError;
}

beforeAll(async () => {
  s3 = await startS3Fixture();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(others.map((o) => o.close()));
  await s3.close();
});

describe('S3 unreachable', () => {
  let deadEndpoint: string;

  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), 's3verless-dead-'));
    const dead = await startEmbeddedS3({ directory, bucket: 'products-test' });
    deadEndpoint = dead.endpoint;
    await dead.close();
    await rm(directory, { recursive: true, force: true });
  });

  test('every operation rejects with StorageUnavailableError (503, unreachable), retries included', async () => {
    const repo = repoAt(deadEndpoint, { maxAttempts: 2 });
    const product = makeProduct();
    const calls = [() => repo.get(product.id), () => repo.scan(), () => repo.create(product), () => repo.ping(), () => repo.delete(product)];
    for (const call of calls) {
      const error = await unavailable(call());
      expect(error.status).toBe(503);
      expect(error.reason).toBe('unreachable');
      expect(error.cause).toBeDefined();
      expect(error.message).not.toContain(deadEndpoint);
    }
  });

  test('a server that accepts but never answers fails with a timeout, not a hang', async () => {
    const silent = await startSilentServer();
    others.push(silent);
    const repo = repoAt(silent.endpoint, { requestTimeoutMs: 150 });
    const error = await unavailable(repo.get(randomUUID()));
    expect(error.reason).toBe('timeout');
    expect(error.status).toBe(503);
  });
});

describe('S3 answers something unusable', () => {
  test('ping on a missing bucket: StorageUnavailableError (502, no-such-bucket)', async () => {
    const repo = new S3ProductRepository({ client: s3.client, bucket: 'no-such-bucket' });
    const error = await unavailable(repo.ping());
    expect(error.reason).toBe('no-such-bucket');
    expect(error.status).toBe(502);
  });

  test('reads and writes on a missing bucket are StorageUnavailableError, not "not found"', async () => {
    const repo = new S3ProductRepository({ client: s3.client, bucket: 'no-such-bucket' });
    expect((await unavailable(repo.get(randomUUID()))).reason).toBe('no-such-bucket');
    expect((await unavailable(repo.scan())).reason).toBe('no-such-bucket');
    expect((await unavailable(repo.create(makeProduct()))).reason).toBe('no-such-bucket');
  });

  test('an unknown access key is access-denied (502)', async () => {
    const repo = repoAt(s3.server.endpoint, { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'x' });
    const error = await unavailable(repo.get(randomUUID()));
    expect(error.reason).toBe('access-denied');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/InvalidAccessKeyId/);
    expect(error.message).not.toMatch(/NOT-A-KEY/);
  });

  test.each([
    [500, 'InternalError', 'bad-response', 502],
    [503, 'SlowDown', 'throttled', 503],
    [403, 'AccessDenied', 'access-denied', 502],
  ])('HTTP %i %s -> %s (%i)', async (status, code, reason, httpStatus) => {
    const fake = await startHttpServer(s3ErrorAnswer(status, code));
    others.push(fake);
    const repo = repoAt(fake.endpoint);
    for (const call of [() => repo.get(randomUUID()), () => repo.scan(), () => repo.ping()]) {
      const error = await unavailable(call());
      expect(error.reason).toBe(reason);
      expect(error.status).toBe(httpStatus);
    }
  });
});
