import type { OutgoingHttpHeaders } from 'node:http';

/**
 * A response as kept in the cache backend: plain JSON (so a Redis tier can
 * hold it), the body in base64. `storedAt` is wall-clock milliseconds, so an
 * entry written by one process is aged correctly by another.
 */
export interface StoredResponse {
  readonly v: 1;
  readonly status: number;
  /** Content headers only (`content-type`, `content-encoding`, `etag`, `cache-control`, `vary`… as listed in `STORED_HEADERS`), names lowercase. */
  readonly headers: ReadonlyArray<readonly [string, string | readonly string[]]>;
  /** Body bytes, base64. */
  readonly body: string;
  /** The entity tag sent with this response (the route's, or one computed from the body). */
  readonly etag: string;
  /** When it was stored (wall clock, ms). */
  readonly storedAt: number;
  /** Seconds it is fresh for. */
  readonly ttl: number;
}

/**
 * Headers that describe the representation and are replayed on a hit. Never
 * Set-Cookie, Date, Connection, Transfer-Encoding, Content-Length (recomputed)
 * or other hop-by-hop or per-response headers.
 */
export const STORED_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-language',
  'content-encoding',
  'content-disposition',
  'content-location',
  'etag',
  'cache-control',
  'last-modified',
  'expires',
  'vary',
  'link',
  'x-content-type-options',
]);

/** What replaying an entry needs besides its headers, worked out once per entry object. */
export interface Replay {
  /** The body bytes. */
  readonly body: Buffer;
  /** The body length, as the `Content-Length` value. */
  readonly contentLength: string;
  /** The stored `Last-Modified`, if any (for `If-Modified-Since`). */
  readonly lastModified: string | undefined;
}

/** Replays by entry: in-process tiers return the same entry object on every hit, so each is decoded once. */
const replays = new WeakMap<StoredResponse, Replay>();

function remember(entry: StoredResponse, body: Buffer): Replay {
  const replay: Replay = { body, contentLength: String(body.length), lastModified: storedHeader(entry, 'last-modified') };
  replays.set(entry, replay);
  return replay;
}

/** Builds the entry for a captured response. */
export function toStoredResponse(
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  etag: string,
  storedAt: number,
  ttl: number,
  extraHeaders: ReadonlySet<string>,
): StoredResponse {
  const kept: Array<readonly [string, string | readonly string[]]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !(STORED_HEADERS.has(name) || extraHeaders.has(name))) continue;
    kept.push([name, typeof value === 'number' ? String(value) : value]);
  }
  if (!('etag' in headers)) kept.push(['etag', etag]);
  const entry: StoredResponse = { v: 1, status, headers: kept, body: body.toString('base64'), etag, storedAt, ttl };
  remember(entry, body);
  return entry;
}

/** The body and derived values of an entry; worked out once per entry object. */
export function replayOf(entry: StoredResponse): Replay {
  return replays.get(entry) ?? remember(entry, Buffer.from(entry.body, 'base64'));
}

/** Whether a value read from the backend is an entry this version can replay. */
export function isStoredResponse(value: unknown): value is StoredResponse {
  const entry = value as StoredResponse | null;
  return (
    typeof entry === 'object' && entry !== null && entry.v === 1 &&
    typeof entry.status === 'number' && Array.isArray(entry.headers) &&
    typeof entry.body === 'string' && typeof entry.storedAt === 'number' && typeof entry.ttl === 'number'
  );
}

/** Value of a stored header, if present. */
export function storedHeader(entry: StoredResponse, name: string): string | undefined {
  for (const [key, value] of entry.headers) if (key === name) return typeof value === 'string' ? value : value.join(', ');
  return undefined;
}
