import type { OutgoingHttpHeaders } from 'node:http';
import { HEURISTIC_STATUSES, type Freshness } from './freshness';
import type { ResponseDirectives } from './response-directives';
import { varyNames } from './vary';

/** Whether a response may be stored, or why not (the reason appears in `Cache-Status` and `not-stored` events). */
export type Storability = { readonly store: true } | { readonly store: false; readonly reason: string };

/** Final statuses defined by RFC 9110, which this cache understands (for `must-understand`). */
const UNDERSTOOD = new Set([
  200, 201, 202, 203, 204, 300, 301, 302, 303, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426,
  500, 501, 502, 503, 504, 505,
]);

/** What {@link storability} looks at. */
export interface StoreCandidate {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly directives: ResponseDirectives;
  readonly freshness: Freshness;
  /** Whether the request carried `Authorization`. */
  readonly authorized: boolean;
}

/**
 * The storing rules of a shared cache (RFC 9111 section 3) plus this
 * package's safety rule: never a response with `Set-Cookie`. Not stored:
 * `206` (partial content is not combined) and `304`; `no-store` (unless
 * `must-understand` with a status this cache understands), `private`; a
 * response to a request with `Authorization` unless `public`,
 * `must-revalidate` or `s-maxage` allows it (section 3.5); `Vary: *`; a
 * response with no explicit freshness, no `public` and a status that is not
 * heuristically cacheable; and a response that could never be reused: stale
 * on arrival (or `no-cache`) with no validator and no `stale-*` window.
 */
export function storability(candidate: StoreCandidate): Storability {
  const { status, headers, directives, freshness } = candidate;
  if (status < 200 || status === 206 || status === 304) return { store: false, reason: `status-${status}` };
  if (directives.mustUnderstand) {
    if (!UNDERSTOOD.has(status)) return { store: false, reason: 'must-understand' };
  } else if (directives.noStore) {
    return { store: false, reason: 'no-store' };
  }
  if (directives.private) return { store: false, reason: 'private' };
  if (headers['set-cookie'] !== undefined || headers['set-cookie2'] !== undefined) return { store: false, reason: 'set-cookie' };
  if (candidate.authorized && !directives.allowsAuthorized) return { store: false, reason: 'authorization' };
  if (varyNames(headers.vary).includes('*')) return { store: false, reason: 'vary-star' };
  const explicit = directives.maxAge !== undefined || (directives.targeted === undefined && headers.expires !== undefined);
  if (!explicit && !directives.public && !HEURISTIC_STATUSES.has(status)) return { store: false, reason: 'no-freshness' };
  const reusableFresh = !freshness.noCache && freshness.lifetime > freshness.initialAge;
  const validator = headers.etag !== undefined || headers['last-modified'] !== undefined;
  const staleWindow = !freshness.mustRevalidate && (freshness.staleWhileRevalidate > 0 || freshness.staleIfError > 0);
  if (!reusableFresh && !validator && !staleWindow) return { store: false, reason: 'stale' };
  return { store: true };
}
