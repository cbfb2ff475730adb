import http from 'node:http';
import { LRUCache } from '@s3verless/cache';
import { deferred, type Deferred } from '@s3verless/cache/testing';
import { cacheMiddleware } from '@s3verless/express-cache';
import { settle, until } from './helpers/event-loop';
import { startServer, type TestServer } from './helpers/server';


describe('request coalescing', () => {
  let server: TestServer;
  let executions: number;
  let started: number;
  let arrived: number;
  let gate: Deferred<void>;
  let behaviour: 'ok' | 'error' | 'uncacheable' | 'hang';

  beforeAll(async () => {
    server = await startServer((app) => {
      app.use((_req, _res, next) => {
        arrived++;
        next();
      });
      app.use(cacheMiddleware({ cache: new LRUCache(), coalesceTimeout: 60_000 }));
      app.get('/slow', async (_req, res, next) => {
        executions++;
        started++;
        await gate.promise;
        if (behaviour === 'error' && executions === 1) return next(new Error('backend exploded'));
        if (behaviour === 'uncacheable' && executions === 1) return void res.cookie('a', 'b').json({ executions });
        res.json({ executions });
      });
      app.use((error: Error, _req: unknown, res: { status(n: number): { json(b: unknown): void } }, _next: unknown) => {
        res.status(500).json({ error: error.message });
      });
    });
  });
  afterAll(() => server.close());
  /** Sends a request now (supertest waits for `then` before sending). */
  const fire = (path: string) => server.http.get(path).then((res) => res);
  beforeEach(() => {
    executions = 0;
    started = 0;
    arrived = 0;
    gate = deferred();
    behaviour = 'ok';
  });

  it('runs the route once for 50 concurrent misses; all get the same response', async () => {
    const responses = Array.from({ length: 50 }, () => fire('/slow?k=50'));
    await until(() => arrived, 50);
    await settle();
    gate.resolve();
    const results = await Promise.all(responses);
    expect(executions).toBe(1);
    expect(new Set(results.map((r) => r.text))).toEqual(new Set(['{"executions":1}']));
    const collapsed = results.filter((r) => r.headers['cache-status']?.includes('collapsed'));
    expect(collapsed.length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  it('releases the waiters when the leader errors: they run the route themselves', async () => {
    behaviour = 'error';
    const responses = Array.from({ length: 5 }, () => fire('/slow?k=error'));
    await until(() => arrived, 5);
    await settle();
    gate.resolve();
    const results = await Promise.all(responses);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 500]);
    expect(executions).toBe(5);
  });

  it('releases the waiters when the leader produced an uncacheable response', async () => {
    behaviour = 'uncacheable';
    const responses = Array.from({ length: 4 }, () => fire('/slow?k=uncacheable'));
    await until(() => arrived, 4);
    await settle();
    gate.resolve();
    const results = await Promise.all(responses);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.headers['set-cookie'] !== undefined)).toHaveLength(1);
    expect(executions).toBe(4);
  });

  it('releases the waiters when the leader is aborted by its client', async () => {
    const leader = http.get(`${server.url}/slow?k=abort`);
    leader.on('error', () => undefined);
    await until(() => started, 1);
    const waiter = fire('/slow?k=abort');
    await new Promise((resolve) => setImmediate(resolve));
    leader.destroy();
    await until(() => started, 2); // the waiter runs the route itself
    gate.resolve();
    const res = await waiter;
    expect(res.status).toBe(200);
  });

  it('a waiter gives up after coalesceTimeout and runs the route itself', async () => {
    const short = await startServer((app) => {
      app.use(cacheMiddleware({ cache: new LRUCache(), coalesceTimeout: 1 }));
      app.get('/slow', async (_req, res) => {
        started++;
        if (started === 1) await gate.promise; // the leader hangs until the end of the test
        res.json({ started });
      });
    });
    try {
      const leader = short.http.get('/slow').then((r) => r);
      await until(() => started, 1);
      const waiter = await short.http.get('/slow');
      expect(waiter.status).toBe(200);
      expect(waiter.body.started).toBe(2);
      gate.resolve();
      await leader;
    } finally {
      await short.close();
    }
  });
});
