/**
 * Concurrent PATCHes of one product from two real API processes on a real S3:
 * the object S3 keeps is always one writer's whole version, never a mix.
 */
import { randomBytes } from 'node:crypto';
import type { ApiInstance } from '../../check/coherence/processes/api-instance';
import type { Product } from '../../src/domain/product';
import { requireBuiltApi, call, type RealS3Run, startRealS3Run } from './real-s3-cluster';

const ROUNDS = 30;

let run: RealS3Run;
let a: ApiInstance;
let b: ApiInstance;

describe('two API processes PATCHing one product on a real S3', () => {
  beforeAll(async () => {
    requireBuiltApi();
    run = await startRealS3Run('xp-patch');
    [a, b] = await Promise.all([run.startApi('A'), run.startApi('B')]);
  }, 120_000);

  afterAll(async () => {
    await run?.close();
  }, 60_000);

  test(`${ROUNDS} rounds of two concurrent PATCHes of the same fields: S3 keeps one writer's whole version`, async () => {
    const created = await call(a, 'POST', '/products', { name: 'shared', sku: `MIX-${randomBytes(4).toString('hex')}`, price: 1, category: 'tools', stock: 0 });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    const kept = { A: 0, B: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const [fromA, fromB] = await Promise.all([
        call(a, 'PATCH', `/products/${id}`, { name: `A-${round}`, price: 100 + round, stock: round, category: 'by-a' }),
        call(b, 'PATCH', `/products/${id}`, { name: `B-${round}`, price: 200 + round, stock: 1000 + round, category: 'by-b' }),
      ]);
      expect([fromA.status, fromB.status]).toEqual([200, 200]);
      const stored = (await run.products()).find((product) => product.id === id);
      const versions = [fromA.body, fromB.body] as unknown as Product[];
      expect(versions).toContainEqual(stored);
      kept[stored?.name.startsWith('A-') ? 'A' : 'B'] += 1;
    }
    process.stdout.write(`concurrent PATCH rounds: S3 kept A's version ${kept.A} times, B's ${kept.B} times\n`);
  }, 120_000);

  test(`${ROUNDS} rounds of two concurrent PATCHes of different fields: both changes survive (conditional read-modify-write)`, async () => {
    const created = await call(a, 'POST', '/products', { name: 'fields', sku: `BOTH-${randomBytes(4).toString('hex')}`, price: 1, category: 'tools', stock: 0 });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    const lost: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const [fromA, fromB] = await Promise.all([
        call(a, 'PATCH', `/products/${id}`, { name: `name-${round}` }),
        call(b, 'PATCH', `/products/${id}`, { stock: round }),
      ]);
      expect([fromA.status, fromB.status]).toEqual([200, 200]);
      const stored = (await run.products()).find((product) => product.id === id);
      if (stored?.name !== `name-${round}` || stored.stock !== round) lost.push(round);
    }
    expect({ roundsWithALostUpdate: lost }).toEqual({ roundsWithALostUpdate: [] });
  }, 120_000);
});
