/**
 * `Cache-Control` as RFC 9111 section 5.2 defines it, parsed strictly for the
 * `'http'` policy: a directive is `token [ "=" ( token / quoted-string ) ]`,
 * names are case-insensitive, the first occurrence of a directive wins (section
 * 4.2.1), and a directive written some other way (`max-age =60`, `max-age= 60`)
 * is ignored rather than guessed at.
 */

/** Directive name (lowercase) -> its argument (quotes removed), or `true` without one. */
export type Directives = ReadonlyMap<string, string | true>;

/** The largest delta-seconds a cache must represent (RFC 9111 section 1.2.2): larger values are this. */
export const MAX_DELTA_SECONDS = 2147483648;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const EMPTY: Directives = new Map();

/** Parses one or more `Cache-Control` field values (a repeated field is one list). */
export function parseDirectives(header: string | readonly string[] | number | undefined): Directives {
  if (header === undefined || header === '') return EMPTY;
  const text = Array.isArray(header) ? header.join(',') : String(header);
  const directives = new Map<string, string | true>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
    if (i >= text.length) break;
    let end = i;
    while (end < text.length && !'=,'.includes(text[end]) && text[end] !== ' ' && text[end] !== '\t') end++;
    const name = text.slice(i, end).toLowerCase();
    i = end;
    let value: string | true | undefined = true;
    if (text[i] === '=') {
      i++;
      if (text[i] === '"') {
        const quoted = readQuoted(text, i);
        value = quoted.value;
        i = quoted.end;
      } else {
        let valueEnd = i;
        while (valueEnd < text.length && text[valueEnd] !== ',' && text[valueEnd] !== ' ' && text[valueEnd] !== '\t') valueEnd++;
        value = text.slice(i, valueEnd);
        if (!TOKEN.test(value)) value = undefined;
        i = valueEnd;
      }
    }
    // Anything but optional whitespace before the next comma makes the directive malformed.
    let rest = i;
    while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
    const wellFormed = value !== undefined && TOKEN.test(name) && (rest >= text.length || text[rest] === ',');
    while (rest < text.length && text[rest] !== ',') rest = text[rest] === '"' ? readQuoted(text, rest).end : rest + 1;
    i = rest;
    if (wellFormed && !directives.has(name)) directives.set(name, value as string | true);
  }
  return directives;
}

/**
 * The seconds of a delta-seconds directive: `undefined` when absent, `null`
 * when present but not 1*DIGIT (invalid: the response is then treated as
 * stale, RFC 9111 section 4.2.1), capped at {@link MAX_DELTA_SECONDS}.
 */
export function deltaSeconds(directives: Directives, name: string): number | null | undefined {
  const value = directives.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Math.min(Number(value), MAX_DELTA_SECONDS);
}

/** The field names of a qualified directive (`no-cache="a, b"`), lowercase; `[]` when unqualified. */
export function fieldNames(directives: Directives, name: string): string[] {
  const value = directives.get(name);
  if (typeof value !== 'string') return [];
  return value.split(',').map((field) => field.trim().toLowerCase()).filter((field) => field !== '');
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
