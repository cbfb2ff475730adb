import type { OutgoingHttpHeaders } from 'node:http';
import { MAX_DELTA_SECONDS } from './directives';
import { parseHttpDate } from './http-date';
import type { ResponseDirectives } from './response-directives';

/** How long a stored response is fresh and how it may be reused once stale; plain JSON, kept in the entry. */
export interface Freshness {
  /** Freshness lifetime in seconds (RFC 9111 section 4.2.1). */
  readonly lifetime: number;
  /** The corrected initial age in seconds when it was received (section 4.2.3): the origin's `Age` included. */
  readonly initialAge: number;
  /** Whether the lifetime is a heuristic one (section 4.2.2). */
  readonly heuristic: boolean;
  /** `no-cache`: every reuse is validated first. */
  readonly noCache: boolean;
  /** `must-revalidate` (or `proxy-revalidate`, `s-maxage`): never served stale, not even by `max-stale` or `stale-*`. */
  readonly mustRevalidate: boolean;
  /** RFC 5861 windows, in seconds past the lifetime. */
  readonly staleWhileRevalidate: number;
  readonly staleIfError: number;
}

/** Statuses that are heuristically cacheable (RFC 9110 section 15.1). */
export const HEURISTIC_STATUSES: ReadonlySet<number> = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/** The heuristic fraction of the time since `Last-Modified` (section 4.2.2 suggests 10%). */
const HEURISTIC_FRACTION = 0.1;

/**
 * Works out the {@link Freshness} of a response received at `responseTime`
 * for a request sent at `requestTime` (wall-clock ms): the lifetime from
 * `s-maxage`, `max-age` (an invalid one means stale), else `Expires` minus
 * `Date` (an invalid `Expires` means stale; ignored when a targeted field such
 * as `CDN-Cache-Control` governs), else 10% of the time since `Last-Modified`,
 * at most `heuristicMaxAge`, for heuristically cacheable statuses or `public`.
 */
export function freshnessOf(
  status: number,
  headers: OutgoingHttpHeaders,
  directives: ResponseDirectives,
  requestTime: number,
  responseTime: number,
  heuristicMaxAge: number,
): Freshness {
  const dateValue = parseHttpDate(headers.date as string | undefined, responseTime) ?? responseTime;
  let lifetime = 0;
  let heuristic = false;
  if (directives.maxAge !== undefined) {
    lifetime = directives.maxAge ?? 0;
  } else if (directives.targeted === undefined && headers.expires !== undefined) {
    const expires = parseHttpDate(headers.expires as string | string[], responseTime);
    lifetime = expires === undefined ? 0 : Math.max(0, (expires - dateValue) / 1000);
  } else if (HEURISTIC_STATUSES.has(status) || directives.public) {
    const lastModified = parseHttpDate(headers['last-modified'] as string | undefined, responseTime);
    if (lastModified !== undefined && dateValue > lastModified) {
      lifetime = Math.min(heuristicMaxAge, ((dateValue - lastModified) / 1000) * HEURISTIC_FRACTION);
      heuristic = true;
    }
  }
  const apparentAge = Math.max(0, responseTime - dateValue) / 1000;
  const correctedAgeValue = ageValue(headers.age) + Math.max(0, responseTime - requestTime) / 1000;
  return {
    lifetime: Math.min(lifetime, MAX_DELTA_SECONDS),
    initialAge: Math.min(Math.max(apparentAge, correctedAgeValue), MAX_DELTA_SECONDS),
    heuristic,
    noCache: directives.noCache,
    mustRevalidate: directives.mustRevalidate,
    staleWhileRevalidate: directives.staleWhileRevalidate,
    staleIfError: directives.staleIfError,
  };
}

/**
 * The `Age` a response arrived with, in seconds: the first value of the
 * field (a repeated field keeps its first line), digits only (optionally
 * followed by parameters); anything else (negative, decimal, text) is ignored.
 */
export function ageValue(header: OutgoingHttpHeaders[string]): number {
  if (header === undefined) return 0;
  const first = (Array.isArray(header) ? String(header[0]) : String(header)).split(',')[0].trim();
  const match = /^(\d+)(?:;.*)?$/.exec(first);
  return match === null ? 0 : Math.min(Number(match[1]), MAX_DELTA_SECONDS);
}

/** Age of a stored response now, in seconds (section 4.2.3: corrected initial age plus resident time). */
export function currentAge(freshness: Freshness, responseTime: number, now: number): number {
  return freshness.initialAge + Math.max(0, now - responseTime) / 1000;
}
