import type { OutgoingHttpHeaders } from 'node:http';
import { deltaSeconds, type Directives, fieldNames, MAX_DELTA_SECONDS, parseDirectives } from './directives';
import { type BareItem, parseDictionary } from './structured-fields';

/** The caching directives of a response, from `Cache-Control` or a targeted field that replaces it. */
export interface ResponseDirectives {
  /**
   * The targeted field used (`cdn-cache-control`), or `undefined` for
   * `Cache-Control`. With a targeted field, `Cache-Control` and `Expires` are
   * ignored (RFC 9213 section 2.1).
   */
  readonly targeted: string | undefined;
  /** `s-maxage`, else `max-age`: seconds, `null` when invalid (stale), `undefined` when absent. */
  readonly maxAge: number | null | undefined;
  readonly noStore: boolean;
  /** Unqualified `no-cache`: every reuse must be validated. */
  readonly noCache: boolean;
  /** Header fields named by a qualified `no-cache="a, b"`: not stored (sent only after validation). */
  readonly noCacheFields: readonly string[];
  readonly private: boolean;
  readonly public: boolean;
  /** `must-revalidate`, `proxy-revalidate` or `s-maxage` (which implies it for a shared cache). */
  readonly mustRevalidate: boolean;
  readonly mustUnderstand: boolean;
  /** `public`, `must-revalidate` or `s-maxage`: a response to a request with `Authorization` may be shared (RFC 9111 section 3.5). */
  readonly allowsAuthorized: boolean;
  /** `stale-while-revalidate` seconds (RFC 5861), 0 when absent or invalid. */
  readonly staleWhileRevalidate: number;
  /** `stale-if-error` seconds (RFC 5861), 0 when absent or invalid. */
  readonly staleIfError: number;
}

/** Directives whose argument is delta-seconds: in a targeted field, any other type invalidates the field. */
const DELTA_DIRECTIVES = new Set(['max-age', 's-maxage', 'stale-while-revalidate', 'stale-if-error']);

/**
 * The directives that govern caching of a response in this (shared) cache: the
 * first of `targets` (e.g. `cdn-cache-control`) present with a valid
 * Structured Field Dictionary value, else `Cache-Control`.
 */
export function responseDirectives(headers: OutgoingHttpHeaders, targets: readonly string[]): ResponseDirectives {
  for (const name of targets) {
    const value = headers[name];
    if (value === undefined) continue;
    const directives = targetedDirectives(value);
    if (directives !== undefined) return fromDirectives(directives, name);
  }
  return fromDirectives(parseDirectives(headers['cache-control']), undefined);
}

function fromDirectives(directives: Directives, targeted: string | undefined): ResponseDirectives {
  const sMaxAge = deltaSeconds(directives, 's-maxage');
  return {
    targeted,
    maxAge: sMaxAge !== undefined ? sMaxAge : deltaSeconds(directives, 'max-age'),
    noStore: directives.has('no-store'),
    noCache: directives.get('no-cache') === true,
    noCacheFields: fieldNames(directives, 'no-cache'),
    private: directives.has('private'),
    public: directives.has('public'),
    mustRevalidate: directives.has('must-revalidate') || directives.has('proxy-revalidate') || sMaxAge !== undefined,
    mustUnderstand: directives.has('must-understand'),
    allowsAuthorized: directives.has('public') || directives.has('must-revalidate') || sMaxAge !== undefined,
    staleWhileRevalidate: deltaSeconds(directives, 'stale-while-revalidate') ?? 0,
    staleIfError: deltaSeconds(directives, 'stale-if-error') ?? 0,
  };
}

/** A targeted field's directives, or `undefined` when its value is not a valid Dictionary of directives. */
function targetedDirectives(value: string | number | readonly string[]): Directives | undefined {
  let members: Map<string, BareItem>;
  try {
    members = parseDictionary(Array.isArray(value) ? value.join(', ') : String(value));
  } catch {
    return undefined;
  }
  const directives = new Map<string, string | true>();
  for (const [name, item] of members) {
    if (DELTA_DIRECTIVES.has(name)) {
      if (item.type !== 'integer' || item.value < 0) return undefined;
      directives.set(name, String(Math.min(item.value, MAX_DELTA_SECONDS)));
    } else if (item.type === 'boolean') {
      if (item.value) directives.set(name, true);
    } else if (item.type === 'string' || item.type === 'token') {
      directives.set(name, item.value);
    } else {
      directives.set(name, true);
    }
  }
  return directives;
}
