/**
 * Differential property test of default keys (issue 10): random request
 * targets sent over real HTTP to real Express 5 (both query parsers) and
 * Express 4 apps whose routes echo what they received. For every target:
 * - the cached answer equals the route's own answer for that target (run with
 *   `Cache-Control: no-store`): **same key ⇒ same route input**, checked both
 *   on the answer and on every key seen so far;
 * - every key used for a route is matched by that route's invalidation patterns
 *   (`pathPattern('/items')` and `pathPattern('/items/' + id)`).
 * Runs are bounded; set FC_SEED (and FC_TARGETS) to replay a failure: the seed is
 * printed in the failure message.
 */
import http from 'node:http';
import fc from 'fast-check';
import express5 from 'express';
import express4 from 'express4';
import { compileGlob, LRUCache } from '@s3verless/cache';
import { cacheMiddleware, type ResponseCacheEvent } from '@s3verless/express-cache';
import { targetGroupArbitrary } from './helpers/target-arbitrary';
import { sendTarget } from './helpers/raw-target';

/** Targets per Express major, at least: 2,000 (Express 5: 1,200 with the simple parser + 800 with the extended one). */
const TARGETS = Number(process.env.FC_TARGETS ?? 2000);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

interface Echo {
  readonly route: string;
  readonly path: string;
  readonly params: Record<string, string | string[]>;
  readonly query: unknown;
}

async function startEchoApp(express: typeof express5, queryParser: 'simple' | 'extended' | undefined) {
  const events: ResponseCacheEvent[] = [];
  const responses = cacheMiddleware({ cache: new LRUCache({ maxSize: 100_000 }), onEvent: (event) => events.push(event) });
  const app = express();
  if (queryParser !== undefined) app.set('query parser', queryParser);
  app.use(responses);
  const echo = (req: express5.Request, res: express5.Response): void => {
    res.json({ route: req.route.path, path: req.path, params: { ...req.params }, query: req.query } satisfies Echo);
  };
  app.get('/items', echo);
  app.get('/items/:id', echo);
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    events,
    responses,
    get: (target: string, headers: Record<string, string> = {}) => sendTarget(`http://127.0.0.1:${port}`, target, { headers, agent }),
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A body as a comparable value: JSON parsed (deep equality ignores key order), or the text. */
function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe.each([
  ['Express 5, simple query parser', express5, undefined, Math.ceil(TARGETS * 0.6)],
  ['Express 5, extended query parser', express5, 'extended' as const, Math.ceil(TARGETS * 0.4)],
  ['Express 4 (extended query parser)', express4 as unknown as typeof express5, undefined, TARGETS],
])('default keys on %s', (_name, express, parser, targets) => {
  // A group has 2.5 targets on average: 10% more groups than that needs.
  const runs = Math.ceil((targets / 2.5) * 1.1);
  let app: Awaited<ReturnType<typeof startEchoApp>>;
  beforeAll(async () => {
    app = await startEchoApp(express, parser);
  });
  afterAll(() => app.close());

  it(`same key => same route input, and invalidation covers every key (>= ${targets} targets, twice each)`, async () => {
    const inputByKey = new Map<string, { target: string; status: number; body: unknown }>();
    let sent = 0; // distinct generated targets checked
    let shared = 0; // keys reached by more than one distinct target
    const anyItems = compileGlob(app.responses.pathPattern('/items'));
    await fc.assert(
      fc.asyncProperty(targetGroupArbitrary(app.host), async (targets) => {
        for (const target of targets) await check(target);
      }),
      { numRuns: runs, seed: SEED, endOnFailure: true },
    );
    // The generator must reach the interesting cases, not only bypasses.
    expect(sent).toBeGreaterThanOrEqual(targets);
    expect(inputByKey.size).toBeGreaterThan(targets / 4);
    expect(shared).toBeGreaterThan(targets / 20);

    async function check(target: string): Promise<void> {
      sent++;
      const truth = await app.get(target, { 'cache-control': 'no-store' });
      const expected = { status: truth.status, body: bodyOf(truth.text) };
      for (let round = 0; round < 2; round++) {
        app.events.length = 0;
        const cached = await app.get(target);
        expect({ target, status: cached.status, body: bodyOf(cached.text) }).toEqual({ target, ...expected });
        const keyed = app.events.find((e) => (e.type === 'hit' || e.type === 'miss') && e.key !== undefined);
        if (keyed === undefined) {
          // Not cached, or refused by Node's HTTP parser before reaching the app (raw non-ASCII bytes).
          if (cached.headers['x-cache'] === undefined) expect({ target, status: cached.status }).toEqual({ target, status: 400 });
          else expect({ target, cache: cached.headers['x-cache'] }).toEqual({ target, cache: 'BYPASS' });
          continue;
        }
        const key = keyed.key as string;
        const seen = inputByKey.get(key);
        if (seen === undefined) inputByKey.set(key, { target, ...expected });
        else if (seen.target !== target) shared++;
        if (seen !== undefined) expect({ key, target, status: expected.status, body: expected.body }).toEqual({ key, target, status: seen.status, body: seen.body });
        if (truth.status === 200) {
          const echo = expected.body as Echo;
          expect({ key, covered: anyItems.test(key) }).toEqual({ key, covered: true });
          if (echo.params.id !== undefined) {
            const own = compileGlob(app.responses.pathPattern(`/items/${echo.params.id}`));
            expect({ key, id: echo.params.id, covered: own.test(key) }).toEqual({ key, id: echo.params.id, covered: true });
          }
        }
      }
    }
  }, 120_000);
});
