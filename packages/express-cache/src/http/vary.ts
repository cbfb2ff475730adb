/** The header names of a `Vary` header, lowercased; `['*']` for `Vary: *`. */
export function parseVary(header: string | readonly string[] | number | undefined): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : String(header);
  return text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}
