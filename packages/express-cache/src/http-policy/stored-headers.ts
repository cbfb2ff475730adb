import type { OutgoingHttpHeaders } from 'node:http';
import { formatHttpDate } from './http-date';

/** A stored header: lowercase name, value as the route set it. */
export type StoredHeader = readonly [string, string | readonly string[]];

/**
 * Header fields never stored (RFC 9111 section 3.1): hop-by-hop fields, the
 * proxy authentication fields, and fields this cache computes itself on
 * every reply (`Content-Length`, `Age`, `X-Cache`, `Cache-Status`).
 */
const NEVER_STORED = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade', 'trailer',
  'proxy-authenticate', 'proxy-authentication-info', 'proxy-authorization',
  'content-length', 'age', 'x-cache', 'cache-status',
]);

/**
 * The end-to-end header fields of a response, to store and replay: every
 * field except those above, those the `Connection` field names, and those a
 * qualified `no-cache="..."` names. Fields that were already on the response
 * with the same value before the route ran (set by middleware mounted before
 * the cache, which sets them again on every request) are not stored. A
 * response without `Date` gets one: the time it was received, kept on every
 * replay (RFC 9110 section 6.6.1).
 */
export function storedHeaders(
  headers: OutgoingHttpHeaders,
  before: OutgoingHttpHeaders,
  excluded: readonly string[],
  responseTime: number,
): StoredHeader[] {
  const dropped = new Set([...excluded, ...connectionListed(headers.connection)]);
  const kept: StoredHeader[] = [];
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined || NEVER_STORED.has(name) || dropped.has(name) || sameValue(value, before[name])) continue;
    kept.push([name, typeof value === 'number' ? String(value) : value]);
  }
  if (headers.date === undefined) kept.push(['date', formatHttpDate(responseTime)]);
  return kept;
}

/**
 * The stored fields updated by a `304` or a `HEAD` response (section 3.2):
 * each end-to-end field it carries replaces the stored one, except
 * `Content-Length`; the others are kept.
 */
export function updatedHeaders(stored: readonly StoredHeader[], fresh: readonly StoredHeader[]): StoredHeader[] {
  const replaced = new Map<string, StoredHeader>();
  for (const header of fresh) replaced.set(header[0], header);
  const result: StoredHeader[] = [];
  for (const header of stored) {
    const update = replaced.get(header[0]);
    result.push(update ?? header);
    replaced.delete(header[0]);
  }
  for (const header of replaced.values()) result.push(header);
  return result;
}

/** Value of a stored header, joined when repeated. */
export function headerValue(headers: readonly StoredHeader[], name: string): string | undefined {
  for (const [key, value] of headers) if (key === name) return typeof value === 'string' ? value : value.join(', ');
  return undefined;
}

/** The stored headers as a `node:http` headers object (to evaluate freshness). */
export function headersObject(headers: readonly StoredHeader[]): OutgoingHttpHeaders {
  const object: OutgoingHttpHeaders = {};
  for (const [name, value] of headers) object[name] = value as string | string[];
  return object;
}

function connectionListed(header: OutgoingHttpHeaders[string]): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(',') : String(header)).split(',').map((name) => name.trim().toLowerCase());
}

function sameValue(value: OutgoingHttpHeaders[string], before: OutgoingHttpHeaders[string]): boolean {
  if (before === undefined) return false;
  if (Array.isArray(value) && Array.isArray(before)) return value.length === before.length && value.every((v, i) => v === before[i]);
  return String(value) === String(before);
}
