import type { QueryParserKind } from './query-parser';

/**
 * A query string in a canonical form that the app's query parser reads as the
 * same `req.query` as the original: pairs decoded the way the parser decodes
 * them (`+` is a space, escapes decoded) and re-encoded with
 * `encodeURIComponent`, empty pairs dropped, a pair without `=` read as an
 * empty value, and pairs grouped by name (first appearance first, the values
 * of one name in their order) — both parsers build `req.query` that way.
 *
 * - `'simple'` (`node:querystring`): names are also sorted, since the parser
 *   gives `{ name: value | values }` whatever the order of distinct names.
 * - `'extended'` (`qs`): names keep their order of first appearance (`a[]=1&a=2`
 *   and `a=2&a[]=1` differ), and a pair is split where `qs` splits it (at `]=`
 *   when present, after turning `%5B`/`%5D` into brackets).
 * - `'opaque'` (unknown parser): the query exactly as sent (with `%`, `:` and
 *   `|` escaped so that a key stays unambiguous).
 *
 * The input must have passed `readTarget` (well-formed escapes); otherwise
 * the result is `undefined`.
 */
export function canonicalQuery(query: string, parser: QueryParserKind = 'simple'): string | undefined {
  if (query === '') return '';
  if (parser === 'opaque') return query.replace(/[%:|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const text = parser === 'extended' ? query.replace(/%5B/gi, '[').replace(/%5D/gi, ']') : query;
  const byName = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const bracketEquals = parser === 'extended' ? pair.indexOf(']=') : -1;
    const eq = bracketEquals === -1 ? pair.indexOf('=') : bracketEquals + 1;
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    const values = byName.get(name);
    if (values === undefined) byName.set(name, [value]);
    else values.push(value);
  }
  const names = [...byName.keys()];
  if (parser === 'simple') names.sort();
  const parts: string[] = [];
  for (const name of names) {
    const encodedName = encodeURIComponent(name);
    for (const value of byName.get(name) as string[]) parts.push(`${encodedName}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
}

/** Decodes a name or value as both parsers do (`+` is a space); `undefined` for a malformed escape. */
function decode(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}
