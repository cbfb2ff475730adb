/**
 * Values of the `X-Cache` and RFC 9211 `Cache-Status` response headers.
 * `Cache-Status` is a list; this cache adds its own member, named by the
 * `cacheStatusName` option.
 */
export type XCache = 'HIT' | 'MISS' | 'BYPASS' | 'STALE';

/** `name; hit; ttl=N` — fresh hit with N seconds left (negative: stale). */
export function hitStatus(name: string, ttlSeconds: number, detail?: string): string {
  return `${name}; hit; ttl=${Math.trunc(ttlSeconds)}${detail === undefined ? '' : `; detail="${detail}"`}`;
}

/**
 * `name; fwd=<why>` — the request went to the route. `fwd` is `miss`, `request`
 * (client asked for a fresh answer), `stale` (refreshing a stale entry) or
 * `bypass`. `stored` when the response was stored, `collapsed` when this
 * request received another request's response.
 */
export function forwardStatus(
  name: string,
  fwd: 'miss' | 'request' | 'stale' | 'bypass',
  outcome: { stored?: boolean; collapsed?: boolean; detail?: string } = {},
): string {
  let value = `${name}; fwd=${fwd}`;
  if (outcome.stored) value += '; stored';
  if (outcome.collapsed) value += '; collapsed';
  if (outcome.detail !== undefined) value += `; detail="${outcome.detail}"`;
  return value;
}
