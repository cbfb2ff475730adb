/**
 * Concurrent PATCHes of one product on one API process, on a real S3 (which
 * enforces If-Match): they take turns in the process, so none of their
 * conditional writes loses to another one of them. Before, they all read the
 * same version and all but one lost, again and again: on Ceph RGW a hot
 * product's PATCH took up to 4.6 s and some gave up with 409 concurrent_update
 * (`npm run check:coherence -- --s3 real`, scenario twin-redis).
 */
import { randomBytes } from 'node:crypto';
import type { ApiInstance } from '../../check/coherence/processes/api-instance';
import { lostConditionalPuts, scrapeMetrics } from '../../check/coherence/conditional-puts';
import { requireBuiltApi, call, type RealS3Run, startRealS3Run } from './real-s3-cluster';

const WRITERS = 8;

let run: RealS3Run;
let api: ApiInstance;

describe('concurrent PATCHes of one product on one API process on a real S3', () => {
  beforeAll(async () => {
    requireBuiltApi();
    run = await startRealS3Run('same-patch');
    api = await run.startApi('A');
  }, 120_000);

  afterAll(async () => {
    await run?.close();
  }, 60_000);

  test(`${WRITERS} at once all succeed without a single conditional PUT lost`, async () => {
    const created = await call(api, 'POST', '/products', { name: 'hot', sku: `HOT-${randomBytes(4).toString('hex')}`, price: 1, category: 'tools', stock: 0 });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    // One PATCH first: on Ceph RGW the store's first If-Match (quoted ETag) answers 412 and it switches to the bare form.
    expect((await call(api, 'PATCH', `/products/${id}`, { stock: 0 })).status).toBe(200);
    const lostBefore = lostConditionalPuts(await scrapeMetrics(api.url));
    const answers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => call(api, 'PATCH', `/products/${id}`, { stock: i + 1 })));
    expect(answers.map((a) => a.status)).toEqual(Array(WRITERS).fill(200));
    expect(lostConditionalPuts(await scrapeMetrics(api.url)) - lostBefore).toBe(0);
    const stored = (await run.products()).find((product) => product.id === id);
    expect(answers.map((a) => a.body?.stock)).toContain(stored?.stock);
  });
});
