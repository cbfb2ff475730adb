import type { CapturedResponse } from './capture';
import { deltaSeconds, parseCacheControl } from './http/cache-control';
import { parseVary } from './http/vary';
import type { ResolvedOptions } from './options';

/** Whether a captured response may be stored, and for how long. */
export type StoreDecision = { readonly store: true; readonly ttl: number } | { readonly store: false; readonly reason: string };

/**
 * The storing rules of a shared cache (RFC 9111 section 3, Varnish's defaults):
 * only the configured statuses; never a response with `Set-Cookie`,
 * `Cache-Control: no-store`, `private` or `no-cache`, or `max-age=0`; never
 * `Vary: *`, nor a `Vary` on a request header the key does not include
 * (`Accept-Encoding` is fine: the stored body is the identity one). The
 * response's `s-maxage` (else `max-age`) can shorten the ttl, never lengthen it.
 */
export function decideStore(response: CapturedResponse, options: ResolvedOptions): StoreDecision {
  if (!options.statuses.has(response.status)) return { store: false, reason: `status-${response.status}` };
  const headers = response.headers;
  if (headers['set-cookie'] !== undefined) return { store: false, reason: 'set-cookie' };
  let ttl = options.ttl;
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined) {
    const directives = parseCacheControl(cacheControl);
    for (const forbidden of ['no-store', 'private', 'no-cache']) {
      if (directives.has(forbidden)) return { store: false, reason: forbidden };
    }
    const maxAge = deltaSeconds(directives, 's-maxage') ?? deltaSeconds(directives, 'max-age');
    if (maxAge !== undefined) {
      if (maxAge === 0) return { store: false, reason: 'max-age=0' };
      ttl = Math.min(ttl, maxAge);
    }
  }
  for (const name of parseVary(headers.vary)) {
    if (name === '*') return { store: false, reason: 'vary-star' };
    if (name !== 'accept-encoding' && !options.varyHeaders.has(name)) return { store: false, reason: `vary-${name}` };
  }
  return { store: true, ttl };
}
