/**
 * Values of the `X-Cache` and RFC 9211 `Cache-Status` response headers.
 * `Cache-Status` is a list; this cache adds its own member, named by the
 * `cacheStatusName` option.
 */
export type XCache = 'HIT' | 'MISS' | 'BYPASS' | 'STALE' | 'REVALIDATED';

/** `name; hit; ttl=N` — fresh hit with N seconds left (negative: stale). */
export function hitStatus(name: string, ttlSeconds: number, detail?: string): string {
  return `${name}; hit; ttl=${Math.trunc(ttlSeconds)}${detail === undefined ? '' : `; detail="${detail}"`}`;
}

/**
 * `name; fwd=<why>` — the request went to the route. `fwd` is `miss`,
 * `vary-miss` (stored, but not for this request's `Vary` values), `request`
 * (client asked for a fresh answer), `stale` (refreshing a stale entry) or
 * `bypass`. `fwd-status` is the status the route answered (on a
 * revalidation, `304` when the stored response was confirmed), `stored` when
 * the response was stored, `collapsed` when this request received another
 * request's response.
 */
export function forwardStatus(
  name: string,
  fwd: 'miss' | 'vary-miss' | 'request' | 'stale' | 'bypass',
  outcome: { stored?: boolean; collapsed?: boolean; detail?: string; fwdStatus?: number } = {},
): string {
  let value = `${name}; fwd=${fwd}`;
  if (outcome.fwdStatus !== undefined) value += `; fwd-status=${outcome.fwdStatus}`;
  if (outcome.stored) value += '; stored';
  if (outcome.collapsed) value += '; collapsed';
  if (outcome.detail !== undefined) value += `; detail="${outcome.detail}"`;
  return value;
}
