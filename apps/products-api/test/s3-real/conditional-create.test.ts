/**
 * Smoke test of the real S3 under test: it enforces `If-None-Match: *`, which
 * the SKU index relies on across processes (the embedded server does not: it
 * overwrites and answers 200). Racing creates of one key from separate
 * clients (separate connections) have exactly one winner, whose body stays.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { isPreconditionFailed } from '../../src/storage/s3-error-mapping';
import { requireRealS3 } from '../helpers/real-s3';
import { type S3Fixture, startS3Fixture } from '../helpers/s3-fixture';

let s3: S3Fixture;

beforeAll(async () => {
  requireRealS3();
  s3 = await startS3Fixture('conditional-create');
});

afterAll(() => s3?.close());

/** Creates `key` with `body` only if absent: `true` when written, `false` when the condition failed. */
async function createIfAbsent(client: S3Fixture['client'], key: string, body: string): Promise<boolean> {
  try {
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, IfNoneMatch: '*' }));
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw error;
  }
}

test('a create of an existing key is refused (412) and leaves the object as it was', async () => {
  expect(await createIfAbsent(s3.client, 'single.json', 'first')).toBe(true);
  expect(await createIfAbsent(s3.client, 'single.json', 'second')).toBe(false);
  expect((await s3.getRaw('single.json'))?.body).toBe('first');
});

test.each([2, 8])('%i racing creates of one key from separate clients: exactly one winner, its body stays', async (writers) => {
  const clients = Array.from({ length: writers }, () => s3.newClient());
  for (let round = 0; round < 5; round++) {
    const key = `race-${writers}-${round}.json`;
    const outcomes = await Promise.all(clients.map((client, index) => createIfAbsent(client, key, `writer ${index}`)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await s3.getRaw(key))?.body).toBe(`writer ${outcomes.indexOf(true)}`);
  }
});
