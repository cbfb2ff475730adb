import { type CacheBackend, LRUCache } from '@s3verless/cache';
import { ManualClock } from '@s3verless/cache/testing';
import { cacheMiddleware, type ResponseCacheEvent, type ResponseCacheMiddleware, type ResponseCacheOptions } from '@s3verless/express-cache';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from './server';

/** What the origin route answers: status, headers and body (a string). */
export interface OriginAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly body?: string;
}

/** An Express app with `cacheMiddleware({ policy: 'http' })` in front of a scripted route at `/r` (and below). */
export interface HttpPolicyHarness {
  readonly server: TestServer;
  readonly clock: ManualClock;
  readonly cache: CacheBackend;
  readonly responses: ResponseCacheMiddleware;
  /** Request headers each route run received, in order. */
  readonly seen: IncomingHttpHeaders[];
  /** Events the middleware reported. */
  readonly events: ResponseCacheEvent[];
  /** The answer of the next route runs (a function is called per run). */
  answer: OriginAnswer | ((req: IncomingMessage, run: number) => OriginAnswer | Promise<OriginAnswer>);
  /** Number of route runs so far. */
  runs(): number;
  close(): Promise<void>;
}

/** Starts the harness; `options` are passed to `cacheMiddleware` (policy 'http', the clock and an `LRUCache` on it by default). */
export async function startHttpPolicy(
  options: Partial<ResponseCacheOptions> = {},
  mount: (app: TestServer['app'], responses: ResponseCacheMiddleware) => void = () => undefined,
): Promise<HttpPolicyHarness> {
  const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
  const cache = options.cache ?? new LRUCache({ maxSize: 100, clock });
  const events: ResponseCacheEvent[] = [];
  const responses = cacheMiddleware({ policy: 'http', clock, cache, onEvent: (event) => events.push(event), ...options });
  const seen: IncomingHttpHeaders[] = [];
  const harness: Omit<HttpPolicyHarness, 'server'> & { server?: TestServer } = {
    clock, cache, responses, seen, events,
    answer: { body: 'ok' },
    runs: () => seen.length,
    close: () => harness.server!.close(),
  };
  harness.server = await startServer((app) => {
    mount(app, responses);
    app.use(responses);
    app.all(/^\/r(\/.*)?$/, async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      seen.push({ ...req.headers });
      let answer: OriginAnswer;
      try {
        answer = typeof harness.answer === 'function' ? await harness.answer(req, seen.length) : harness.answer;
      } catch (error) {
        return next(error); // to the error handler, on Express 4 too (which does not catch rejections)
      }
      res.statusCode = answer.status ?? 200;
      for (const [name, value] of Object.entries(answer.headers ?? {})) if (value !== undefined) res.setHeader(name, value);
      res.end(answer.body ?? '');
    });
  });
  return harness as HttpPolicyHarness;
}

/** An HTTP-date `seconds` from the clock's now. */
export function httpDate(clock: ManualClock, seconds = 0): string {
  return new Date(clock.now() + seconds * 1000).toUTCString();
}
