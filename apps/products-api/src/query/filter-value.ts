import type { FieldType } from '../domain/product';
import { formatInstant, parseInstant } from './instant';
import type { CacheScalar, ParseResult, ScalarValue } from './types';

/**
 * Decimal numbers: optional `-`, digits, optional fraction, optional exponent (`10`, `10.5`, `-1`,
 * `1e3`). No leading `+` or `.`, no hex, no whitespace, no `Infinity`/`NaN`.
 */
const NUMBER_PATTERN = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const quote = (text: string): string => JSON.stringify(text);

/** Parses a finite decimal number strictly (see {@link NUMBER_PATTERN}); `-0` becomes `0`. */
export function parseFiniteNumber(raw: string): ParseResult<number> {
  const value = NUMBER_PATTERN.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) return { ok: false, message: `must be a finite number, got ${quote(raw)}` };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Parses an integer: a number (see {@link parseFiniteNumber}) that is integral and a safe integer (`10.0` is 10). */
export function parseInteger(raw: string): ParseResult<number> {
  const parsed = parseFiniteNumber(raw);
  if (!parsed.ok || !Number.isSafeInteger(parsed.value)) return { ok: false, message: `must be an integer, got ${quote(raw)}` };
  return parsed;
}

/**
 * Parses the text of a filter value into the typed value of a field type:
 * number -> finite number; integer -> safe integer; boolean -> exactly `true` or `false`;
 * datetime -> {@link Instant} (ISO 8601 with a timezone, or a date alone as midnight UTC);
 * string and uuid -> the text as given (an empty string is a value, not null).
 */
export function parseScalar(type: FieldType, raw: string): ParseResult<ScalarValue> {
  switch (type) {
    case 'number':
      return parseFiniteNumber(raw);
    case 'integer':
      return parseInteger(raw);
    case 'boolean':
      if (raw === 'true') return { ok: true, value: true };
      if (raw === 'false') return { ok: true, value: false };
      return { ok: false, message: `must be true or false, got ${quote(raw)}` };
    case 'datetime': {
      const instant = parseInstant(raw);
      if (instant === 'missing-offset') {
        return { ok: false, message: `must carry a timezone (Z or an offset such as +02:00), got ${quote(raw)}` };
      }
      if (instant === 'invalid') {
        return { ok: false, message: `must be an ISO 8601 date-time such as 2024-01-15T10:30:00Z, got ${quote(raw)}` };
      }
      return { ok: true, value: instant };
    }
    case 'string':
    case 'uuid':
      return { ok: true, value: raw };
  }
}

/** The JSON form of a typed value for `cacheFilters`: instants as normalized ISO text, the rest as is. */
export function toCacheScalar(value: ScalarValue): CacheScalar {
  return typeof value === 'object' ? formatInstant(value) : value;
}
