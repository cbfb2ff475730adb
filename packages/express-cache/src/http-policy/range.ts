import type { IncomingHttpHeaders } from 'node:http';
import { parseHttpDate } from './http-date';

/** How to answer a `Range` request from a complete stored body (RFC 9110 section 14). */
export type RangeAnswer =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeAnswer = { kind: 'full' };

/**
 * The part of a `length`-byte stored body a request asks for: one byte range
 * (`bytes=0-99`, `bytes=100-`, `bytes=-100`) is served as `206`; several
 * ranges, another unit, a malformed header or an `If-Range` that does not
 * match the stored validator (strong entity tag, or the exact `Last-Modified`)
 * get the whole body; a range that starts past the end is `416`.
 */
export function rangeOf(headers: IncomingHttpHeaders, length: number, etag: string | undefined, lastModified: string | undefined): RangeAnswer {
  const range = headers.range;
  if (range === undefined) return FULL;
  const ifRange = headers['if-range'];
  if (typeof ifRange === 'string' && !ifRangeMatches(ifRange.trim(), etag, lastModified)) return FULL;
  const match = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(range);
  if (match === null || (match[1] === '' && match[2] === '')) return FULL;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || length === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === '' ? Infinity : Number(match[2]);
  if (last < start) return FULL;
  if (start >= length) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(last, length - 1) };
}

function ifRangeMatches(ifRange: string, etag: string | undefined, lastModified: string | undefined): boolean {
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) {
    return etag !== undefined && !etag.startsWith('W/') && ifRange === etag;
  }
  const since = parseHttpDate(ifRange);
  return since !== undefined && lastModified !== undefined && parseHttpDate(lastModified) === since;
}
