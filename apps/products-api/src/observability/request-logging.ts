import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The request id of `req`: an incoming `X-Request-Id` when it is a sane token,
 * else a new UUID; echoed in the response's `X-Request-Id`.
 */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The URL of a serialised request or response (pino-http serialises before our serializers run). */
interface SerializedReq {
  id?: unknown;
  method?: string;
  url?: string;
  raw?: IncomingMessage & { originalUrl?: string };
}
interface SerializedRes {
  statusCode?: number;
  raw?: ServerResponse;
}

/** `X-Cache` of a response (HIT, MISS, STALE, BYPASS...), or '-' when the response cache did not answer it. */
function cacheOutcome(res: ServerResponse): string {
  const value = res.getHeader('x-cache');
  return value === undefined ? '-' : String(value);
}

/** The path and query the client asked for (Express rewrites `req.url` inside routers). */
function requestedUrl(req: IncomingMessage & { originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '';
}

/**
 * One log line per request (pino-http) with a request id: an incoming
 * `X-Request-Id` is honoured when it is a sane token (else a UUID is made) and
 * echoed in the response. Probes and scrapes are not logged. Credentials and
 * cookies never reach the log.
 *
 * The line is short while the logger is above `debug`: the message reads
 * `GET /products?x=1 200 4ms MISS` (method, URL, status, duration, `X-Cache`)
 * and the fields are `req: { id, method, url }`, `res: { statusCode, cache }`
 * and `responseTime`. At `debug` (or `trace`) `req` and `res` are pino's full
 * serialisations (headers, remote address). The level is read on every request.
 *
 * The lines are written at `info` (2xx, 3xx), `warn` (4xx) or `error` (5xx).
 * While pino-http's logger is at a level where none of them would be written
 * (`fatal`, `silent`), a request only gets its `X-Request-Id`: no per-request
 * child logger (which serialises the request), no response listeners, and no
 * `req.id` / `req.log` (nothing would be written through them; the error
 * handler falls back to the app's logger). Adding properties to an Express
 * request costs microseconds each (its prototype was swapped), which is why
 * none is added here.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const full = () => logger.isLevelEnabled('debug');
  const logged = pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${requestedUrl(req)} ${res.statusCode} ${Math.round(ms)}ms ${cacheOutcome(res)}`,
    customErrorMessage: (req, res) => `${req.method} ${requestedUrl(req)} ${res.statusCode} failed`,
    serializers: {
      req: (req: SerializedReq) => (full() || !req.raw ? req : { id: req.id, method: req.method, url: requestedUrl(req.raw) }),
      res: (res: SerializedRes) => (full() || !res.raw ? res : { statusCode: res.statusCode, cache: cacheOutcome(res.raw) }),
    },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
  // pino-http writes through this child of `logger` (its level follows the logger's).
  const lines = logged.logger;
  return (req, res, next) => {
    if (lines.isLevelEnabled('error')) return (logged as unknown as RequestHandler)(req, res, next);
    requestId(req, res);
    next();
  };
}
