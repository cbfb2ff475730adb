/**
 * `Cache-Control` parsing (RFC 9111 section 5.2): directive names are
 * case-insensitive, values may be tokens or quoted strings, and a header may be
 * repeated or hold a comma-separated list.
 */

/** Directive name (lowercase) -> its value, or `true` for a directive without one. */
export type CacheControl = ReadonlyMap<string, string | true>;

const EMPTY: CacheControl = new Map();

/** Parses one or more `Cache-Control` header values. Malformed parts are ignored. */
export function parseCacheControl(header: string | readonly string[] | number | undefined): CacheControl {
  if (header === undefined || header === '') return EMPTY;
  const text = Array.isArray(header) ? header.join(',') : String(header);
  const directives = new Map<string, string | true>();
  let i = 0;
  while (i < text.length) {
    const nameEnd = scanUntil(text, i, ',=');
    const name = text.slice(i, nameEnd).trim().toLowerCase();
    i = nameEnd;
    let value: string | true = true;
    if (text[i] === '=') {
      i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '"') {
        const parsed = readQuoted(text, i);
        value = parsed.value;
        i = scanUntil(text, parsed.end, ',');
      } else {
        const end = scanUntil(text, i, ',');
        value = text.slice(i, end).trim();
        i = end;
      }
    }
    if (name !== '' && !directives.has(name)) directives.set(name, value);
    i++; // skip the comma
  }
  return directives;
}

/**
 * The number of seconds of a delta-seconds directive (`max-age=60`), or
 * `undefined` when absent or not a non-negative integer.
 */
export function deltaSeconds(directives: CacheControl, name: string): number | undefined {
  const value = directives.get(name);
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function scanUntil(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length && !stops.includes(text[i])) i++;
  return i;
}

function readQuoted(text: string, openQuote: number): { value: string; end: number } {
  let value = '';
  let i = openQuote + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i++];
  }
  return { value, end: i + 1 };
}
