import type { Freshness } from './freshness';
import { currentAge } from './freshness';
import { headerValue, type StoredHeader } from './stored-headers';
import { sameVariant, type VaryValues } from './vary';

/**
 * One stored response of a resource (`policy: 'http'`): plain JSON, so a
 * Redis tier can hold it; times are wall-clock ms, so another process ages it
 * correctly.
 */
export interface HttpVariant {
  readonly status: number;
  /** Every end-to-end header, as received (names lowercase), `Date` included. */
  readonly headers: readonly StoredHeader[];
  /** Body bytes, base64. */
  readonly body: string;
  /** When the request that produced it was sent to the route, and when the response ended (ms). */
  readonly requestTime: number;
  readonly responseTime: number;
  /** The request's values for the headers the response's `Vary` names. */
  readonly vary: VaryValues;
  readonly freshness: Freshness;
}

/**
 * What the backend holds under a resource's key in `policy: 'http'`: its
 * variants (one without `Vary`), most recent first, at most `maxVariants`.
 * One key per resource, as in `policy: 'ttl'`: leases and invalidation
 * patterns cover every variant at once.
 */
export interface HttpRecord {
  readonly v: 2;
  readonly variants: readonly HttpVariant[];
}

/** What replaying a variant needs besides its headers, worked out once per variant object. */
export interface VariantReplay {
  readonly body: Buffer;
  readonly contentLength: string;
  readonly etag: string | undefined;
  /** `Last-Modified`, else `Date`: what `If-Modified-Since` is compared with (RFC 9111 section 4.3.2). */
  readonly lastModified: string | undefined;
}

/** Longest time an entry is kept in the backend (seconds). */
const MAX_KEEP_SECONDS = 365 * 24 * 3600;

const replays = new WeakMap<HttpVariant, VariantReplay>();

/** The body and validators of a variant; decoded once per variant object (in-process tiers return the same object). */
export function replayOf(variant: HttpVariant, body?: Buffer): VariantReplay {
  let replay = replays.get(variant);
  if (replay === undefined) {
    const bytes = body ?? Buffer.from(variant.body, 'base64');
    replay = {
      body: bytes,
      contentLength: String(bytes.length),
      etag: headerValue(variant.headers, 'etag'),
      lastModified: headerValue(variant.headers, 'last-modified') ?? headerValue(variant.headers, 'date'),
    };
    replays.set(variant, replay);
  }
  return replay;
}

/** Whether a value read from the backend is a record of this policy. */
export function isHttpRecord(value: unknown): value is HttpRecord {
  const record = value as HttpRecord | null;
  return typeof record === 'object' && record !== null && record.v === 2 && Array.isArray(record.variants);
}

/** `record` with `variant` added (replacing the one with the same selecting values), most recent first, at most `max`. */
export function withVariant(record: HttpRecord | undefined, variant: HttpVariant, max: number): HttpRecord {
  const others = record === undefined ? [] : record.variants.filter((other) => !sameVariant(other.vary, variant.vary));
  return { v: 2, variants: [variant, ...others].slice(0, max) };
}

/**
 * Seconds the backend keeps a record: until its last variant is past its
 * freshness and its stale windows or `retainStale`, whichever is longer (a
 * stale response can still be revalidated with a `304`, or serve a request's
 * `max-stale`).
 */
export function keepSeconds(record: HttpRecord, now: number, retainStale: number): number {
  let keep = 1;
  for (const variant of record.variants) {
    const { freshness } = variant;
    const left = freshness.lifetime - currentAge(freshness, variant.responseTime, now);
    const extra = Math.max(freshness.staleWhileRevalidate, freshness.staleIfError, retainStale);
    keep = Math.max(keep, Math.max(0, left) + extra);
  }
  return Math.min(Math.ceil(keep), MAX_KEEP_SECONDS);
}
