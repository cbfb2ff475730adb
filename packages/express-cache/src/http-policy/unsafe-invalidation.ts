import type { ServerResponse } from 'node:http';
import { globEscape } from '@s3verless/cache';
import { queryParserOf } from '../keys/query-parser';
import type { RoutedRequest } from '../middleware-call';
import type { ResolvedOptions } from '../options';
import type { RequestKeyMemo } from '../request-key';
import { keyOfRequest } from '../request-policy';

/** Methods that cannot change the resource (RFC 9110 section 9.2.1): they invalidate nothing. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * The keys a response to an unsafe request invalidates (RFC 9111 section
 * 4.4): the request's own target, and the targets of its `Location` and
 * `Content-Location` when they are on the same origin (same `Host`), as
 * globs matching exactly those keys (every variant is under one key). With a
 * `key` option only the request's own key is known (`key(req)`): invalidate
 * other resources with `invalidateAfter`.
 */
export function unsafeInvalidationPatterns(
  req: RoutedRequest,
  res: ServerResponse,
  options: ResolvedOptions,
  defaultKeys: RequestKeyMemo,
): string[] {
  const keys = new Set<string>();
  const own = keyOfRequest(req, options, defaultKeys);
  if (own.kind === 'key') keys.add(own.key);
  if (options.key === undefined) {
    for (const name of ['location', 'content-location']) {
      const target = sameOriginTarget(req, res.getHeader(name));
      if (target === undefined) continue;
      const decision = defaultKeys.keyOf(target, queryParserOf(req));
      if (decision.kind === 'key') keys.add(decision.key);
    }
  }
  return [...keys].map(globEscape);
}

/** The origin-form target of a same-origin URI reference, resolved against the request's own URI. */
function sameOriginTarget(req: RoutedRequest, value: ReturnType<ServerResponse['getHeader']>): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const host = req.headers.host;
  if (host === undefined) return undefined;
  try {
    const base = new URL(req.originalUrl ?? req.url ?? '/', `http://${host}`);
    const resolved = new URL(value, base);
    if (resolved.host !== base.host || (resolved.protocol !== 'http:' && resolved.protocol !== 'https:')) return undefined;
    return `${resolved.pathname}${resolved.search}`;
  } catch {
    return undefined;
  }
}
