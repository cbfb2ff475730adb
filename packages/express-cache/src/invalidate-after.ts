import type { IncomingMessage, ServerResponse } from 'node:http';
import { ResponseCapture } from './capture';
import type { Middleware, NextCallback } from './middleware-call';

/** What `invalidateAfter` needs of the cache. */
export interface Invalidator {
  invalidate(patterns: string | readonly string[]): Promise<number>;
}

/**
 * Patterns to invalidate after a write, fixed or computed from the request and
 * response (annotate them with your framework's types, e.g. Express's
 * `Request` and `Response`, to use its properties).
 */
export type InvalidationPatterns<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse> =
  | string
  | readonly string[]
  | ((req: Req, res: Res) => string | readonly string[]);

/**
 * Middleware for write routes: holds the route's response until the cache
 * entries matching `patterns` are invalidated, so that once the client has the
 * response, no GET can be answered from a copy made before the write.
 *
 * Invalidates after every response except 4xx (a client error changed
 * nothing; a 5xx may have half-applied a change). When the invalidation fails
 * (a cache tier is down), the client gets `503` with
 * `{ "error": { "code": "cache_invalidation_failed", ... } }` instead of the
 * success it would otherwise see: the change was made, but copies of the old
 * data may still be served.
 */
export function invalidateAfter<Req extends IncomingMessage, Res extends ServerResponse>(
  cache: Invalidator,
  patterns: InvalidationPatterns<Req, Res>,
): Middleware<Req, Res> {
  return function invalidateAfterWrite(req: Req, res: Res, next: NextCallback): void {
    const capture: ResponseCapture = new ResponseCapture(res, Number.MAX_SAFE_INTEGER, {
      complete: (captured) => {
        if (captured.status >= 400 && captured.status < 500) return capture.send(captured.body);
        const list = typeof patterns === 'function' ? patterns(req, res) : patterns;
        cache.invalidate(list).then(
          () => capture.send(captured.body),
          (error: unknown) => {
            for (const name of res.getHeaderNames()) if (name.startsWith('content-') || name === 'etag' || name === 'location') res.removeHeader(name);
            const body = Buffer.from(
              JSON.stringify({
                error: {
                  code: 'cache_invalidation_failed',
                  message: 'The change was applied, but cached copies of the previous data could not be invalidated; reads may return old data until they expire.',
                  detail: error instanceof Error ? error.message : String(error),
                },
              }),
            );
            res.statusCode = 503;
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.setHeader('content-length', String(body.length));
            capture.send(body);
          },
        );
      },
      // A streamed write response cannot be held: invalidate anyway, best effort.
      streamed: () => void cache.invalidate(typeof patterns === 'function' ? patterns(req, res) : patterns).catch(() => undefined),
      aborted: () => void cache.invalidate(typeof patterns === 'function' ? patterns(req, res) : patterns).catch(() => undefined),
    });
    next();
  };
}
