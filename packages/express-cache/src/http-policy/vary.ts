import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Secondary cache keys (RFC 9111 section 4.1): a response with `Vary` is
 * stored with the values the request had for each named header, normalised
 * (a repeated field is one comma-separated list; whitespace around list
 * members is insignificant; `Accept-Language` ignores order and case), and is
 * reused only for requests with the same values (an absent header matches
 * only an absent one).
 */

/** The selecting header values of a stored response: `[name, normalised value or null when absent]`. */
export type VaryValues = ReadonlyArray<readonly [string, string | null]>;

/**
 * Request headers the middleware hides from the route while it produces a
 * response to store (`Accept-Encoding`: the stored body is always the identity
 * one), so a `Vary` on them selects nothing.
 */
const NOT_SELECTING = new Set(['accept-encoding']);

/** The header names of a `Vary` field, lowercase (`*` included as is). */
export function varyNames(header: OutgoingHttpHeaders[string]): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : String(header);
  const names: string[] = [];
  for (const part of text.split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The selecting values of `request` for a response's `Vary` field. */
export function varyValues(vary: OutgoingHttpHeaders[string], request: IncomingHttpHeaders): VaryValues {
  const values: Array<readonly [string, string | null]> = [];
  for (const name of varyNames(vary)) {
    if (!NOT_SELECTING.has(name)) values.push([name, normalise(name, request[name])]);
  }
  return values;
}

/** Whether `request` presents the same selecting values as a stored response. */
export function varyMatches(values: VaryValues, request: IncomingHttpHeaders): boolean {
  for (let i = 0; i < values.length; i++) {
    if (normalise(values[i][0], request[values[i][0]]) !== values[i][1]) return false;
  }
  return true;
}

/** Whether two stored responses have the same selecting values (one replaces the other). */
export function sameVariant(a: VaryValues, b: VaryValues): boolean {
  return a.length === b.length && a.every(([name, value], i) => b[i][0] === name && b[i][1] === value);
}

function normalise(name: string, value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  const members = (Array.isArray(value) ? value.join(',') : value).split(',').map((member) => member.trim());
  if (name === 'accept-language') return members.map((member) => member.toLowerCase().replace(/\s+/g, '')).sort().join(',');
  return members.join(',');
}
