import { createHash } from 'node:crypto';

/**
 * The default cache key of a request: `{prefix}:{path}:{query}` — the guide's
 * `response:{path}:{query}` — with the query normalised so that the same
 * parameters in any order give one key, while the values of one repeated
 * parameter keep their order (`?a=1&a=2` and `?a=2&a=1` differ). Percent-encoding
 * is normalised too (`?q=a%20b`, `?q=a+b` are one key), as the route sees
 * decoded values.
 *
 * A key longer than `maxLength` keeps its path (so path patterns still
 * invalidate it) and replaces the query by its SHA-256 (`{prefix}:{path}:#{hash}`);
 * if even the path is too long, the whole URL is hashed (`{prefix}:#{hash}`).
 */
export function requestKey(originalUrl: string, prefix: string, maxLength: number): string {
  const mark = originalUrl.indexOf('?');
  const path = mark === -1 ? originalUrl : originalUrl.slice(0, mark);
  const query = mark === -1 ? '' : normalizeQuery(originalUrl.slice(mark + 1));
  const key = `${prefix}:${path}:${query}`;
  if (key.length <= maxLength) return key;
  const hashedQuery = `${prefix}:${path}:#${sha256(query)}`;
  return hashedQuery.length <= maxLength ? hashedQuery : `${prefix}:#${sha256(`${path}?${query}`)}`;
}

/** URLs longer than this are not remembered by {@link RequestKeyMemo} (their keys are computed each time). */
const MEMO_MAX_URL_LENGTH = 1024;

/**
 * The default keys of recently seen URLs. Computing a key parses, decodes,
 * sorts and re-encodes the query (microseconds); a cache hit should not pay
 * that for every request of a popular URL, so the key of each of the last
 * `capacity` distinct URLs is kept (oldest forgotten first). The key of a URL
 * never changes, so nothing here can go stale.
 */
export class RequestKeyMemo {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly maxLength: number,
    private readonly capacity = 1000,
  ) {}

  /** The same as `requestKey(originalUrl, prefix, maxLength)`. */
  keyOf(originalUrl: string): string {
    let key = this.keys.get(originalUrl);
    if (key !== undefined) return key;
    key = requestKey(originalUrl, this.prefix, this.maxLength);
    if (originalUrl.length <= MEMO_MAX_URL_LENGTH) {
      if (this.keys.size >= this.capacity) this.keys.delete(this.keys.keys().next().value as string);
      this.keys.set(originalUrl, key);
    }
    return key;
  }
}

/**
 * A query string in canonical form: parameters sorted by name (stable, so
 * repeated names keep their value order), names and values re-encoded with
 * `encodeURIComponent`, empty segments dropped.
 */
export function normalizeQuery(query: string): string {
  if (query === '') return '';
  const byName = new Map<string, string[]>();
  for (const segment of query.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = decode(eq === -1 ? segment : segment.slice(0, eq));
    const value = eq === -1 ? '' : decode(segment.slice(eq + 1));
    const values = byName.get(name);
    if (values === undefined) byName.set(name, [value]);
    else values.push(value);
  }
  const names = [...byName.keys()].sort();
  const parts: string[] = [];
  for (const name of names) {
    const encodedName = encodeURIComponent(name);
    for (const value of byName.get(name) as string[]) parts.push(`${encodedName}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
}

function decode(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // malformed escapes: keep the text as sent
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
