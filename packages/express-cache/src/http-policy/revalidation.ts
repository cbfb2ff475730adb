import type { OutgoingHttpHeaders } from 'node:http';
import { type HttpVariant, replayOf } from './entry';
import { freshnessOf } from './freshness';
import { responseDirectives } from './response-directives';
import { headersObject, headerValue, storedHeaders, updatedHeaders } from './stored-headers';

/** What the route's answer to a revalidation is compared and combined with. */
export interface PolicySettings {
  readonly heuristicMaxAge: number;
  readonly targetedCacheControl: readonly string[];
}

/**
 * The conditional headers that validate a stored response (RFC 9111 section
 * 4.3.1): `If-None-Match` with its entity tag, `If-Modified-Since` with its
 * `Last-Modified`.
 */
export function validatorsOf(variant: HttpVariant): Array<readonly [string, string]> {
  const validators: Array<readonly [string, string]> = [];
  const etag = replayOf(variant).etag;
  if (etag !== undefined) validators.push(['if-none-match', etag]);
  const lastModified = headerValue(variant.headers, 'last-modified');
  if (lastModified !== undefined) validators.push(['if-modified-since', lastModified]);
  return validators;
}

/** Whether a `304`'s entity tag selects the stored response it validates (section 4.3.4); no tag selects it. */
export function selectedBy304(variant: HttpVariant, headers: OutgoingHttpHeaders): boolean {
  const received = headers.etag;
  const stored = replayOf(variant).etag;
  if (typeof received !== 'string' || stored === undefined) return true;
  return opaque(received) === opaque(stored);
}

/**
 * Whether a `200` answer to a HEAD describes the stored response (RFC 9111
 * section 4.3.5): the same `ETag`, `Last-Modified` and length, where present.
 */
export function describedByHead(variant: HttpVariant, headers: OutgoingHttpHeaders): boolean {
  const replay = replayOf(variant);
  const etag = headers.etag;
  if ((etag === undefined) !== (replay.etag === undefined) || (typeof etag === 'string' && replay.etag !== undefined && opaque(etag) !== opaque(replay.etag))) return false;
  const lastModified = headers['last-modified'];
  if (lastModified !== headerValue(variant.headers, 'last-modified')) return false;
  const length = headers['content-length'];
  return length === undefined || Number(length) === replay.body.length;
}

/**
 * The stored response freshened by a `304` (or a `HEAD` response) received at
 * `responseTime` for a request sent at `requestTime`: its header fields
 * replace the stored ones (section 3.2), and freshness is worked out again
 * from the combined fields (its `Age` included).
 */
export function freshened(
  variant: HttpVariant,
  headers: OutgoingHttpHeaders,
  before: OutgoingHttpHeaders,
  requestTime: number,
  responseTime: number,
  settings: PolicySettings,
): HttpVariant {
  const received = responseDirectives(headers, settings.targetedCacheControl);
  const combined = updatedHeaders(variant.headers, storedHeaders(headers, before, received.noCacheFields, responseTime));
  // Freshness from every field of the new response (those set before the route ran included) over the stored ones.
  const fields: OutgoingHttpHeaders = { ...headersObject(combined), ...headers };
  const directives = responseDirectives(fields, settings.targetedCacheControl);
  const freshness = freshnessOf(variant.status, fields, directives, requestTime, responseTime, settings.heuristicMaxAge);
  const updated: HttpVariant = { ...variant, headers: combined, requestTime, responseTime, freshness };
  replayOf(updated, replayOf(variant).body);
  return updated;
}

function opaque(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed;
}
