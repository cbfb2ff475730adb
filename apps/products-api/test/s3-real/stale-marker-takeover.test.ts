/**
 * Stale SKU marker takeover on a real S3, by real API processes with a short
 * threshold (`SKU_MARKER_TAKEOVER_MS=1000`). The takeover is a PUT with
 * `If-Match`, which Ceph RGW 16.2 refuses in its quoted form: before the
 * object store's fallback, these POSTs stayed 409 for ever on RGW.
 *
 * The marker's age comes from S3's Last-Modified, a clock no test can inject,
 * so the test waits (about 2 s, once) until its markers are old enough.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ApiInstance } from '../../check/coherence/processes/api-instance';
import { requireBuiltApi, call, type RealS3Run, startRealS3Run } from './real-s3-cluster';

const THRESHOLD_MS = 1000;
/** S3's Last-Modified has whole seconds: the API counts the age from Last-Modified + 1 s. */
const RESOLUTION_MS = 1000;
const PAIRS = 10;

let run: RealS3Run;
let c: ApiInstance;
let d: ApiInstance;

const body = (sku: string, name: string): Record<string, unknown> => ({ name, sku, price: 5, category: 'tools' });

/** Writes a marker naming a product that does not exist (a crash between the two writes); its Last-Modified in ms. */
async function orphanMarker(sku: string): Promise<number> {
  const Key = run.layout.skuMarkerKey(sku);
  await run.client.send(new PutObjectCommand({ Bucket: run.bucket, Key, Body: JSON.stringify({ id: randomUUID() }), ContentType: 'application/json' }));
  const head = await run.client.send(new HeadObjectCommand({ Bucket: run.bucket, Key }));
  return head.LastModified?.getTime() ?? Date.now();
}

/** Waits until a marker written at `lastModified` is older than the threshold for the API. */
async function ageOut(lastModified: number): Promise<void> {
  const wait = lastModified + RESOLUTION_MS + THRESHOLD_MS + 50 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

describe('stale SKU marker takeover on a real S3 (SKU_MARKER_TAKEOVER_MS=1000)', () => {
  beforeAll(async () => {
    requireBuiltApi();
    run = await startRealS3Run('xp-stale');
    const env = { SKU_MARKER_TAKEOVER_MS: String(THRESHOLD_MS) };
    [c, d] = await Promise.all([run.startApi('C', env), run.startApi('D', env)]);
  }, 120_000);

  afterAll(async () => {
    await run?.close();
  }, 60_000);

  test(`an orphan marker blocks its SKU while young, then a POST takes it over; ${PAIRS} pairs of processes racing for old orphan markers: one 201 each`, async () => {
    const lone = `ORPHAN-${randomBytes(4).toString('hex')}`;
    const raced = Array.from({ length: PAIRS }, (_, i) => `ORPHAN-RACE-${i}-${randomBytes(4).toString('hex')}`);
    let newest = 0;
    for (const sku of [lone, ...raced]) newest = Math.max(newest, await orphanMarker(sku));

    const young = await call(c, 'POST', '/products', body(lone, 'too early'));
    expect([young.status, (young.body?.error as { code?: string } | undefined)?.code]).toEqual([409, 'duplicate_sku']);

    await ageOut(newest);
    const taken = await call(c, 'POST', '/products', body(lone, 'after takeover'));
    expect({ status: taken.status, error: taken.body?.error }).toEqual({ status: 201, error: undefined });
    const markers = await run.markers();
    expect(markers.get(lone)).toBe(taken.body?.id);

    const winners: string[] = [];
    for (const sku of raced) {
      const pair = await Promise.all([call(c, 'POST', '/products', body(sku, 'by C')), call(d, 'POST', '/products', body(sku, 'by D'))]);
      const statuses = pair.map((answer) => answer.status).sort();
      expect({ sku, statuses }).toEqual({ sku, statuses: [201, 409] });
      winners.push(String(pair.find((answer) => answer.status === 201)?.body?.id));
    }
    const after = await run.markers();
    const stored = await run.products();
    for (const [index, sku] of raced.entries()) {
      expect(after.get(sku)).toBe(winners[index]);
      expect(stored.filter((product) => product.sku === sku).map((product) => product.id)).toEqual([winners[index]]);
    }
  }, 60_000);
});
