/**
 * Conditional GET evaluation for a cached representation (RFC 9110 section
 * 13.1): `If-None-Match` (weak comparison, lists, `*`) takes precedence over
 * `If-Modified-Since`.
 */

/** The opaque part of an entity tag, without `W/` (weak comparison ignores it). */
function opaqueTag(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed;
}

/** Splits an `If-None-Match` list into entity tags; commas inside quotes do not split. */
export function parseEntityTagList(header: string): string[] {
  const tags: string[] = [];
  let i = 0;
  while (i < header.length) {
    while (i < header.length && (header[i] === ' ' || header[i] === '\t' || header[i] === ',')) i++;
    if (i >= header.length) break;
    const start = i;
    if (header.startsWith('W/', i)) i += 2;
    if (header[i] === '"') {
      const close = header.indexOf('"', i + 1);
      i = close === -1 ? header.length : close + 1;
    } else {
      while (i < header.length && header[i] !== ',') i++;
    }
    tags.push(header.slice(start, i).trim());
  }
  return tags;
}

/** Whether `If-None-Match` matches `etag` by weak comparison (`*` matches any current representation). */
export function ifNoneMatchMatches(ifNoneMatch: string, etag: string | undefined): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  if (etag === undefined) return false;
  const wanted = opaqueTag(etag);
  return parseEntityTagList(ifNoneMatch).some((tag) => opaqueTag(tag) === wanted);
}

/** Request headers that matter for a conditional GET. */
export interface ConditionalHeaders {
  readonly 'if-none-match'?: string;
  readonly 'if-modified-since'?: string;
}

/**
 * Whether a GET/HEAD for a representation with `etag` / `lastModified` may be
 * answered `304 Not Modified`.
 */
export function isNotModified(
  request: ConditionalHeaders,
  etag: string | undefined,
  lastModified: string | undefined,
): boolean {
  const ifNoneMatch = request['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch !== '') return ifNoneMatchMatches(ifNoneMatch, etag);
  const ifModifiedSince = request['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}
