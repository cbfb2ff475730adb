import type { IncomingHttpHeaders } from 'node:http';
import { deltaSeconds, parseDirectives } from './directives';

/** The request's `Cache-Control` directives (RFC 9111 section 5.2.1) that a cache acts on. */
export interface RequestDirectives {
  /** Nothing of this request or its response is stored; the cache is not read. */
  readonly noStore: boolean;
  /** A stored response is used only after validation (`Pragma: no-cache` counts when there is no `Cache-Control`). */
  readonly noCache: boolean;
  /** Oldest acceptable age, in seconds. */
  readonly maxAge: number | undefined;
  /** Staleness accepted, in seconds (`Infinity` for `max-stale` without a value). */
  readonly maxStale: number | undefined;
  /** Freshness still required, in seconds. */
  readonly minFresh: number | undefined;
  /** Answer from storage or `504`: never contact the route. */
  readonly onlyIfCached: boolean;
}

const NONE: RequestDirectives = {
  noStore: false, noCache: false, maxAge: undefined, maxStale: undefined, minFresh: undefined, onlyIfCached: false,
};

/** Reads the request's directives; malformed or invalid ones are ignored. */
export function requestDirectives(headers: IncomingHttpHeaders): RequestDirectives {
  const header = headers['cache-control'];
  if (header === undefined) {
    const pragma = headers.pragma;
    return pragma !== undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(pragma) ? { ...NONE, noCache: true } : NONE;
  }
  const directives = parseDirectives(header);
  if (directives.size === 0) return NONE;
  const maxStale = directives.get('max-stale');
  return {
    noStore: directives.has('no-store'),
    noCache: directives.has('no-cache'),
    maxAge: deltaSeconds(directives, 'max-age') ?? undefined,
    maxStale: maxStale === true ? Infinity : maxStale === undefined ? undefined : deltaSeconds(directives, 'max-stale') ?? undefined,
    minFresh: deltaSeconds(directives, 'min-fresh') ?? undefined,
    onlyIfCached: directives.has('only-if-cached'),
  };
}
