import { IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The `next` of Express, Connect and hand-written `node:http` servers: `next()` continues, `next(err)` fails.
 * @inline
 */
export type NextCallback = (error?: unknown) => void;

/**
 * A middleware as Express 4 and 5, Connect and `node:http` servers call it.
 * Typed with `node:http`'s request and response so that no framework's types
 * are needed; Express's `app.use`/`app.get` and Connect's `use` accept it.
 * `Req` and `Res` are what your own functions (a `key`, computed invalidation
 * patterns) receive: e.g. Express's `Request` and `Response`.
 */
export type Middleware<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse> = (
  req: Req,
  res: Res,
  next: NextCallback,
) => void;

/** A request as the middleware reads it: `originalUrl` is set by Express and Connect, not by `node:http`. */
export type RoutedRequest = IncomingMessage & { readonly originalUrl?: string };

/**
 * Whether `cacheMiddleware` was called as a middleware — `(req, res, next)`,
 * as `app.use(cacheMiddleware)` does — rather than as a factory with options.
 * The request is an `http.IncomingMessage` (Express, Connect, `node:http`), or
 * an object shaped like one (a request of another server with its API);
 * `next` is a function. No options object has that shape.
 */
export function isMiddlewareCall(args: readonly unknown[]): args is [IncomingMessage, ServerResponse, NextCallback] {
  if (args.length < 3 || typeof args[2] !== 'function') return false;
  const [req, res] = args;
  if (typeof res !== 'object' || res === null) return false;
  if (req instanceof IncomingMessage) return true;
  if (typeof req !== 'object' || req === null) return false;
  const { method, headers, on } = req as { method?: unknown; headers?: unknown; on?: unknown };
  return typeof method === 'string' && typeof headers === 'object' && headers !== null && typeof on === 'function';
}
