/**
 * SKU uniqueness across two real API processes on a real S3 (Ceph RGW in CI):
 * only conditional writes (`If-None-Match: *`, `If-Match`) enforced by S3
 * protect it here, the in-process locks cannot. The embedded server does not
 * enforce them, so these tests only run against a real S3.
 */
import { randomBytes } from 'node:crypto';
import type { ApiInstance } from '../../check/coherence/processes/api-instance';
import type { Product } from '../../src/domain/product';
import { type ApiAnswer, requireBuiltApi, call, type RealS3Run, startRealS3Run } from './real-s3-cluster';

const ROUNDS = 30;

let run: RealS3Run;
let a: ApiInstance;
let b: ApiInstance;

const tag = (): string => randomBytes(4).toString('hex').toUpperCase();
const body = (sku: string, name = `Item ${sku}`): Record<string, unknown> => ({ name, sku, price: 10, category: 'tools', stock: 1 });
const code = (answer: ApiAnswer): unknown => (answer.body?.error as { code?: unknown } | undefined)?.code;

/** Exactly one success (`okStatus`) and one 409 duplicate_sku. */
function expectOneWinner(pair: readonly ApiAnswer[], okStatus: number, round: string): number {
  const statuses = pair.map((answer) => answer.status);
  const winners = pair.flatMap((answer, index) => (answer.status === okStatus ? [index] : []));
  if (winners.length !== 1) throw new Error(`${round}: statuses ${statuses.join(', ')} (want one ${okStatus} and one 409)`);
  const loser = pair[1 - winners[0]];
  expect([loser.status, code(loser)]).toEqual([409, 'duplicate_sku']);
  return winners[0];
}

/** Two products created through `a` (different SKUs). */
async function twoProducts(prefix: string): Promise<[Product, Product]> {
  const first = await call(a, 'POST', '/products', body(`${prefix}-1-${tag()}`));
  const second = await call(a, 'POST', '/products', body(`${prefix}-2-${tag()}`));
  expect([first.status, second.status]).toEqual([201, 201]);
  return [first.body as unknown as Product, second.body as unknown as Product];
}

describe('two API processes on a real S3: never two winners for one SKU', () => {
  beforeAll(async () => {
    requireBuiltApi();
    run = await startRealS3Run('xp-sku');
    [a, b] = await Promise.all([run.startApi('A'), run.startApi('B')]);
  }, 120_000);

  afterAll(async () => {
    await run?.close();
  }, 60_000);

  test(`${ROUNDS} concurrent same-SKU POST pairs (one per process): one 201 and one 409 each`, async () => {
    const skus: string[] = [];
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const sku = `POST-${round}-${tag()}`;
      skus.push(sku);
      const pair = await Promise.all([call(a, 'POST', '/products', body(sku, 'by A')), call(b, 'POST', '/products', body(sku, 'by B'))]);
      winners.push(String(pair[expectOneWinner(pair, 201, `POST round ${round}`)].body?.id));
    }
    const stored = (await run.products()).filter((product) => skus.includes(product.sku));
    expect(stored.map((product) => product.id).sort()).toEqual([...winners].sort());
    const markers = await run.markers();
    for (const [index, sku] of skus.entries()) expect(markers.get(sku)).toBe(winners[index]);
  }, 120_000);

  test.each(['PUT', 'PATCH'] as const)(
    `${ROUNDS} concurrent %s pairs moving two products to one new SKU: one 200 and one 409 each`,
    async (method) => {
      const targets: Array<{ sku: string; winner: string; loser: Product }> = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const [first, second] = await twoProducts(method);
        const sku = `${method}-NEW-${round}-${tag()}`;
        const change = (product: Product, name: string): Record<string, unknown> =>
          method === 'PUT' ? body(sku, name) : { sku, name };
        const pair = await Promise.all([
          call(a, method, `/products/${first.id}`, change(first, 'by A')),
          call(b, method, `/products/${second.id}`, change(second, 'by B')),
        ]);
        const winner = expectOneWinner(pair, 200, `${method} round ${round}`);
        targets.push({ sku, winner: winner === 0 ? first.id : second.id, loser: winner === 0 ? second : first });
      }
      const stored = await run.products();
      const markers = await run.markers();
      for (const { sku, winner, loser } of targets) {
        expect(stored.filter((product) => product.sku === sku).map((product) => product.id)).toEqual([winner]);
        expect(markers.get(sku)).toBe(winner);
        // The loser is unchanged in S3 and still holds its own SKU.
        expect(stored.find((product) => product.id === loser.id)).toEqual(loser);
        expect(markers.get(loser.sku)).toBe(loser.id);
      }
    },
    180_000,
  );

  test('afterwards S3 holds at most one product per SKU', async () => {
    const bySku = new Map<string, string[]>();
    for (const product of await run.products()) bySku.set(product.sku, [...(bySku.get(product.sku) ?? []), product.id]);
    const duplicates = [...bySku].filter(([, ids]) => ids.length > 1);
    expect(duplicates).toEqual([]);
    expect(bySku.size).toBeGreaterThanOrEqual(ROUNDS * 5);
  }, 60_000);
});
