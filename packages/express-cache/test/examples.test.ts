import request from 'supertest';
import type { Express } from 'express';

/** The README's runnable example must keep working. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createApp } = require('../examples/server.js') as { createApp: () => Express };

describe('packages/express-cache/examples/server.js', () => {
  it('caches reads and shows new data right after a write', async () => {
    const app = createApp();
    expect((await request(app).get('/products')).headers['x-cache']).toBe('MISS');
    expect((await request(app).get('/products')).headers['x-cache']).toBe('HIT');
    await request(app).put('/products/1').send({ name: 'Floor lamp' }).expect(200);
    const after = await request(app).get('/products');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.items[0].name).toBe('Floor lamp');
    expect((await request(app).get('/cache/stats')).body.invalidations).toBe(1);
  });
});
