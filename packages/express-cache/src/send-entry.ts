import type { ServerResponse } from 'node:http';
import type { RoutedRequest } from './middleware-call';
import { isNotModified } from './http/conditional';
import type { XCache } from './http/cache-status';
import { replayOf, type StoredResponse } from './stored-response';

/** Headers a 304 must not carry (RFC 9110 section 15.4.5: no content). */
const CONTENT_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'content-language'];

/**
 * Writes a stored response to `res` (status, stored headers, `Age`, `X-Cache`,
 * `Cache-Status`), or `304 Not Modified` when the request's conditional
 * headers match, without a body for HEAD. `end` sends the body (by default
 * `res.end`; a capture passes its own).
 */
export function sendEntry(
  req: RoutedRequest,
  res: ServerResponse,
  entry: StoredResponse,
  ageSeconds: number,
  xCache: XCache,
  cacheStatus: string,
  end: (body: Buffer | null) => void = (body) => (body === null ? res.end() : res.end(body)),
): void {
  // Only when it differs: a store to an Express response (whose prototype was
  // swapped, so its hidden class is its own) costs far more than the check.
  if (res.statusCode !== entry.status) res.statusCode = entry.status;
  const headers = entry.headers;
  for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1] as string | string[]);
  res.setHeader('age', String(Math.max(0, Math.floor(ageSeconds))));
  res.setHeader('x-cache', xCache);
  res.setHeader('cache-status', cacheStatus);
  const replay = replayOf(entry);
  if (entry.status === 200 && isNotModified(req.headers, entry.etag, replay.lastModified)) {
    res.statusCode = 304;
    for (const name of CONTENT_HEADERS) res.removeHeader(name);
    end(null);
    return;
  }
  res.setHeader('content-length', replay.contentLength);
  end(req.method === 'HEAD' ? null : replay.body);
}

/** Turns the captured (uncached) response into a 304 when the client's validators match. */
export function answerNotModified(req: RoutedRequest, res: ServerResponse, etag: string | undefined): boolean {
  const lastModified = res.getHeader('last-modified');
  if (!isNotModified(req.headers, etag, typeof lastModified === 'string' ? lastModified : undefined)) return false;
  res.statusCode = 304;
  for (const name of CONTENT_HEADERS) res.removeHeader(name);
  return true;
}
