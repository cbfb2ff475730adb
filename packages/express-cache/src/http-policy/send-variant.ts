import type { ServerResponse } from 'node:http';
import type { XCache } from '../http/cache-status';
import { isNotModified } from '../http/conditional';
import type { RoutedRequest } from '../middleware-call';
import { type HttpVariant, replayOf } from './entry';
import { rangeOf } from './range';

/** Headers a 304 must not carry (RFC 9110 section 15.4.5: no content). */
const CONTENT_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'content-language', 'content-range'];

/**
 * Writes a stored response to `res`: its status and every stored header
 * (`Date` as stored), `Age` (its current age, whole seconds), `X-Cache` and
 * `Cache-Status`; then, for a `200`, `304 Not Modified` when the request's
 * `If-None-Match` / `If-Modified-Since` match the stored validators, or `206`
 * / `416` for a single byte `Range`; no body for HEAD. `end` sends the body
 * (by default `res.end`; a capture passes its own).
 */
export function sendVariant(
  req: RoutedRequest,
  res: ServerResponse,
  variant: HttpVariant,
  ageSeconds: number,
  xCache: XCache,
  cacheStatus: string,
  end: (body: Buffer | null) => void = (body) => (body === null ? res.end() : res.end(body)),
): void {
  if (res.statusCode !== variant.status) res.statusCode = variant.status;
  const headers = variant.headers;
  for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1] as string | string[]);
  res.setHeader('age', String(Math.max(0, Math.floor(ageSeconds))));
  res.setHeader('x-cache', xCache);
  res.setHeader('cache-status', cacheStatus);
  const replay = replayOf(variant);
  const head = req.method === 'HEAD';
  if (variant.status === 200) {
    if (isNotModified(req.headers, replay.etag, replay.lastModified)) {
      res.statusCode = 304;
      for (const name of CONTENT_HEADERS) res.removeHeader(name);
      return end(null);
    }
    if (req.headers.range !== undefined) {
      const range = rangeOf(req.headers, replay.body.length, replay.etag, replay.lastModified);
      if (range.kind === 'unsatisfiable') {
        res.statusCode = 416;
        res.setHeader('content-range', `bytes */${replay.body.length}`);
        res.setHeader('content-length', '0');
        return end(null);
      }
      if (range.kind === 'partial') {
        res.statusCode = 206;
        res.setHeader('content-range', `bytes ${range.start}-${range.end}/${replay.body.length}`);
        res.setHeader('content-length', String(range.end - range.start + 1));
        return end(head ? null : replay.body.subarray(range.start, range.end + 1));
      }
    }
  }
  if (variant.status === 204) return end(null);
  res.setHeader('content-length', replay.contentLength);
  end(head ? null : replay.body);
}
