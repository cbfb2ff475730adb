import type { HttpVariant } from './entry';
import { currentAge } from './freshness';
import type { RequestDirectives } from './request-directives';

/** How a stored response may serve a request (RFC 9111 section 4, RFC 5861). */
export type Reuse =
  /** Fresh and acceptable to the request: serve it. */
  | { readonly kind: 'fresh'; readonly age: number; readonly left: number }
  /** Stale, but the request's `max-stale` accepts it: serve it. */
  | { readonly kind: 'max-stale'; readonly age: number; readonly left: number }
  /** Stale within `stale-while-revalidate`: serve it and revalidate in the background. */
  | { readonly kind: 'stale-while-revalidate'; readonly age: number; readonly left: number }
  /** Must be validated first; `staleIfError` when it may replace an error of the route (`stale-if-error`). */
  | { readonly kind: 'revalidate'; readonly age: number; readonly left: number; readonly staleIfError: boolean };

/** Decides how `variant` may serve a request with `directives` at `now` (ms). */
export function reuseOf(variant: HttpVariant, directives: RequestDirectives, now: number): Reuse {
  const { freshness } = variant;
  const age = currentAge(freshness, variant.responseTime, now);
  const left = freshness.lifetime - age;
  const staleMayServe = !freshness.mustRevalidate && !freshness.noCache;
  const staleIfError = staleMayServe && -left < freshness.staleIfError;
  if (directives.noCache || freshness.noCache) return { kind: 'revalidate', age, left, staleIfError };
  if (directives.maxAge !== undefined && age > directives.maxAge) return { kind: 'revalidate', age, left, staleIfError };
  if (left > 0) {
    if (directives.minFresh !== undefined && left < directives.minFresh) return { kind: 'revalidate', age, left, staleIfError };
    return { kind: 'fresh', age, left };
  }
  if (staleMayServe) {
    if (directives.maxStale !== undefined && -left <= directives.maxStale) return { kind: 'max-stale', age, left };
    if (-left < freshness.staleWhileRevalidate && directives.minFresh === undefined) {
      return { kind: 'stale-while-revalidate', age, left };
    }
  }
  return { kind: 'revalidate', age, left, staleIfError };
}
