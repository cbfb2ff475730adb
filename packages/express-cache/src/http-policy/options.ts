import { InvalidOptionError } from '@s3verless/cache';

/** Options of `cacheMiddleware` that only `policy: 'http'` reads. */
export interface HttpPolicyOptions {
  /**
   * Cap, in seconds, of the heuristic freshness (RFC 9111 section 4.2.2) given
   * to a response without explicit freshness that has `Last-Modified` (10% of
   * its age, for heuristically cacheable statuses or `public`). `0` turns
   * heuristics off. Default `3600`.
   */
  heuristicMaxAge?: number;
  /** Variants (distinct `Vary` selections) kept per resource, most recent first. Default `8`. */
  maxVariants?: number;
  /**
   * Seconds a stored response is kept once stale (or past its stale windows,
   * if longer): to be revalidated with a conditional request (a `304` renews
   * it), or served to a request's `max-stale`. Default `3600`.
   */
  retainStale?: number;
  /**
   * Targeted cache-control fields (RFC 9213) this cache obeys instead of
   * `Cache-Control`, in precedence order: the first present with a valid value
   * governs, and `Cache-Control` and `Expires` are then ignored. Default
   * `['cdn-cache-control']`; `[]` to obey `Cache-Control` only.
   */
  targetedCacheControl?: readonly string[];
}

/** {@link HttpPolicyOptions} after defaults and validation. */
export interface ResolvedHttpPolicyOptions {
  readonly heuristicMaxAge: number;
  readonly maxVariants: number;
  readonly retainStale: number;
  readonly targetedCacheControl: readonly string[];
}

/** Names of the options only `policy: 'http'` reads. */
export const HTTP_POLICY_OPTIONS: readonly string[] = ['heuristicMaxAge', 'maxVariants', 'retainStale', 'targetedCacheControl'];

/** Options of `policy: 'ttl'` that `policy: 'http'` refuses: the response's own headers decide these. */
export const TTL_POLICY_OPTIONS: readonly string[] = ['ttl', 'staleWhileRevalidate', 'staleIfError', 'statuses', 'varyHeaders', 'storeHeaders'];

/** Applies defaults and validates the `policy: 'http'` options. */
export function resolveHttpPolicyOptions(options: HttpPolicyOptions): ResolvedHttpPolicyOptions {
  const heuristicMaxAge = options.heuristicMaxAge ?? 3600;
  if (typeof heuristicMaxAge !== 'number' || !(heuristicMaxAge >= 0) || heuristicMaxAge === Infinity) {
    throw new InvalidOptionError('heuristicMaxAge', `must be a number of seconds >= 0; got ${String(heuristicMaxAge)}`);
  }
  const maxVariants = options.maxVariants ?? 8;
  if (typeof maxVariants !== 'number' || !Number.isSafeInteger(maxVariants) || maxVariants < 1) {
    throw new InvalidOptionError('maxVariants', `must be an integer >= 1; got ${String(maxVariants)}`);
  }
  const retainStale = options.retainStale ?? 3600;
  if (typeof retainStale !== 'number' || !(retainStale >= 0) || retainStale === Infinity) {
    throw new InvalidOptionError('retainStale', `must be a number of seconds >= 0; got ${String(retainStale)}`);
  }
  const targeted = options.targetedCacheControl ?? ['cdn-cache-control'];
  if (!Array.isArray(targeted) || !targeted.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))) {
    throw new InvalidOptionError('targetedCacheControl', 'must be an array of header names');
  }
  return { heuristicMaxAge, maxVariants, retainStale, targetedCacheControl: targeted.map((name: string) => name.toLowerCase()) };
}
