import { BACKEND_METHODS, type CacheBackend, IncompleteBackendError, InMemoryCache } from '@s3verless/cache';
import { deferred, type Deferred, MisbehavingCache, misbehaviourCases, ProcessFailures } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheEvent } from '@s3verless/express-cache';
import { until } from './helpers/event-loop';
import { startServer, type TestServer } from './helpers/server';


/** A hand-written backend: `inner`'s methods, except `omit`. */
function backendWithout(inner: CacheBackend, omit: readonly string[]): CacheBackend {
  const methods = BACKEND_METHODS.filter((name) => !omit.includes(name));
  return Object.fromEntries(
    methods.map((name) => [name, (...args: unknown[]) => (inner[name] as (...a: unknown[]) => unknown).apply(inner, args)]),
  ) as unknown as CacheBackend;
}

/**
 * Issue 10, observed item 7: any failure of the backend (a throw, a rejection,
 * a promise that never settles, a lease that is not a lease) leaves the route
 * answering, the coalescing flight released, and the process alive.
 */
describe('fail-open against a misbehaving backend', () => {
  const failures = new ProcessFailures();
  let server: TestServer;
  let backend: MisbehavingCache;
  let events: ResponseCacheEvent[];
  let runs: number;
  let arrived: number;
  let gate: Deferred<void>;
  let responses: ReturnType<typeof cacheMiddleware>;

  beforeAll(async () => {
    failures.install();
    server = await startServer((app) => {
      app.use((_req, _res, next) => {
        arrived++;
        next();
      });
      // The middleware is rebuilt by each test on that test's backend.
      app.use((req, res, next) => responses(req, res, next));
      app.get('/x', async (_req, res) => {
        runs++;
        await gate.promise;
        res.json({ ok: true });
      });
      app.put('/x', (req, res, next) => responses.invalidateAfter('response:/x*')(req, res, next), (_req, res) => {
        res.json({ written: true });
      });
    });
  });
  afterAll(async () => {
    await server.close();
    failures.uninstall();
  });
  beforeEach(() => {
    backend = new MisbehavingCache(new InMemoryCache());
    events = [];
    runs = 0;
    arrived = 0;
    gate = deferred();
  });

  /**
   * Builds the middleware on the current backend. coalesceTimeout is far beyond
   * the test's timeout: a waiter left on a flight that is never released hangs.
   */
  const rebuild = () => {
    responses = cacheMiddleware({
      cache: backend,
      backendTimeout: 20,
      invalidationTimeout: 20,
      coalesceTimeout: 600_000,
      onEvent: (e) => events.push(e),
    });
  };
  const fire = (method: 'get' | 'put', path: string) => server.http[method](path).then((res) => res);

  /** Two concurrent GETs of one URL; the route is held until both have arrived. */
  async function twoConcurrentGets(): Promise<Array<{ status: number; body: unknown }>> {
    const pending = [fire('get', '/x'), fire('get', '/x')];
    await until(() => arrived, 2);
    gate.resolve();
    return Promise.all(pending);
  }

  describe.each(misbehaviourCases(['get', 'lease']).map((c) => [c.name, c] as const))('%s', (_name, misbehaviour) => {
    it('answers 200 to two concurrent requests, leaves no lease behind, crashes nothing', async () => {
      misbehaviour.apply(backend);
      rebuild();
      const [first, second] = await twoConcurrentGets();
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body).toEqual({ ok: true });
      await failures.settle();
      expect(failures.take()).toEqual([]);
      // A third request after the backend recovers is served and stored as usual.
      backend.behave();
      gate = deferred();
      gate.resolve();
      expect((await fire('get', '/x')).status).toBe(200);
      // Every lease is given back (a fill that never settles: once backendTimeout passed).
      await until(() => (backend.outstandingLeases === 0 ? 1 : 0), 1);
      await failures.settle();
      expect(failures.take()).toEqual([]);
    }, 5000);
  });

  describe.each(misbehaviourCases(['deletePattern']).map((c) => [c.name, c] as const))('%s', (_name, misbehaviour) => {
    it('answers the write 503 (invalidation failed), never hangs, crashes nothing', async () => {
      misbehaviour.apply(backend);
      rebuild();
      const res = await fire('put', '/x');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('cache_invalidation_failed');
      await expect(responses.invalidate('response:/y*')).rejects.toThrow();
      await failures.settle();
      expect(failures.take()).toEqual([]);
      expect(events.filter((e) => e.type === 'error').map((e) => e.reason)).toEqual(['invalidate', 'invalidate']);
    }, 5000);
  });

  describe('issue 10 #7 regressions', () => {
    it('issue 10 #7: a backend whose methods all throw synchronously answers 200, and a concurrent request is released', async () => {
      backend.misbehave('throwsSync');
      rebuild();
      const [first, second] = await twoConcurrentGets();
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(runs).toBeGreaterThanOrEqual(1);
      expect(events.filter((e) => e.type === 'error').every((e) => (e.error as Error).name === 'MisbehaviourError')).toBe(true);
    }, 5000);

    it('issue 10 #7: a lease() resolving to something that is not a lease does not crash the process', async () => {
      backend.misbehaveLeases('leaseNotObject');
      rebuild();
      const [first] = await twoConcurrentGets();
      expect(first.status).toBe(200);
      await failures.settle();
      expect(failures.take()).toEqual([]);
      const leaseErrors = events.filter((e) => e.type === 'error' && e.reason === 'lease');
      expect(leaseErrors.length).toBeGreaterThanOrEqual(1);
      expect(leaseErrors[0].error).toMatchObject({ name: 'MalformedLeaseError' });
    }, 5000);

    it('issue 10 #7: a backend without lease() is refused at construction, naming what it lacks', () => {
      const handWritten = backendWithout(new InMemoryCache(), ['lease', 'getEntry']);
      expect(() => cacheMiddleware({ cache: handWritten })).toThrow(IncompleteBackendError);
      expect(() => cacheMiddleware({ cache: handWritten })).toThrow(/missing getEntry\(\), lease\(\)/);
      try {
        cacheMiddleware({ cache: handWritten });
      } catch (error) {
        expect(error).toMatchObject({ option: 'cache', missing: ['getEntry', 'lease'] });
      }
      expect(() => cacheMiddleware({ cache: 42 as unknown as CacheBackend })).toThrow(/missing get\(\), getEntry\(\)/);
    });
  });
});
