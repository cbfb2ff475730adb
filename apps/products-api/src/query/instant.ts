/**
 * ISO 8601 instants with nanosecond precision. `Date` keeps only milliseconds, while products
 * written by Python S3verless carry microseconds (`2024-01-15T10:30:00.123456+00:00`); comparing
 * those through `Date` would make distinct instants equal.
 */

/** A point in time: whole seconds since the Unix epoch (UTC) plus a fraction in nanoseconds. */
export interface Instant {
  /** Whole seconds since 1970-01-01T00:00:00Z (negative before it). */
  readonly epochSeconds: number;
  /** Nanoseconds within the second, 0..999 999 999. */
  readonly nanos: number;
}

/** Why a text is not an instant: not ISO 8601 at all, or a date-time without a timezone. */
export type InstantParseFailure = 'invalid' | 'missing-offset';

/**
 * `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and a timezone (`Z` or an offset
 * `+HH:MM`, `+HHMM`, `+HH`). A space where the offset's sign belongs is read as `+`, because an
 * unencoded `+` in a query string decodes to a space.
 */
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+\- ])(\d{2})(?::?(\d{2}))?)?)?$/;

const SECONDS_PER_DAY = 86_400;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Parses an ISO 8601 date or date-time. A date alone (`2024-01-15`) is midnight UTC; a date-time
 * must carry a timezone (`Z` or an offset), since a local time is not an instant.
 * Calendar and clock ranges are checked (`2023-02-29`, `24:00`, `+25:00` are invalid).
 */
export function parseInstant(text: string): Instant | InstantParseFailure {
  const match = ISO_PATTERN.exec(text);
  if (match === null) return 'invalid';
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, zulu, sign, offsetHourText, offsetMinuteText] =
    match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'invalid';
  let seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY;
  if (hourText === undefined) return { epochSeconds: seconds, nanos: 0 };

  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (hour > 23 || minute > 59 || second > 59) return 'invalid';
  seconds += hour * 3600 + minute * 60 + second;
  const nanos = fractionText === undefined ? 0 : Number(fractionText.padEnd(9, '0'));

  if (zulu === undefined && sign === undefined) return 'missing-offset';
  if (sign !== undefined) {
    const offsetHour = Number(offsetHourText);
    const offsetMinute = offsetMinuteText === undefined ? 0 : Number(offsetMinuteText);
    if (offsetHour > 23 || offsetMinute > 59) return 'invalid';
    const offsetSeconds = offsetHour * 3600 + offsetMinute * 60;
    seconds += sign === '-' ? offsetSeconds : -offsetSeconds;
  }
  return { epochSeconds: seconds, nanos };
}

/** Orders two instants: negative when `a` is earlier, 0 when they are the same instant. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochSeconds !== b.epochSeconds) return a.epochSeconds < b.epochSeconds ? -1 : 1;
  if (a.nanos !== b.nanos) return a.nanos < b.nanos ? -1 : 1;
  return 0;
}

/**
 * The normalized text of an instant: UTC with `Z`, as `Date#toISOString` writes it
 * (`2024-01-01T08:00:00.000Z`), with 6 or 9 fractional digits only when the instant has
 * sub-millisecond precision (`2024-01-01T08:00:00.123456Z`).
 */
export function formatInstant(instant: Instant): string {
  const wholeSeconds = new Date(instant.epochSeconds * 1000).toISOString().slice(0, -5);
  const digits = String(instant.nanos).padStart(9, '0');
  const fraction = instant.nanos % 1_000_000 === 0 ? digits.slice(0, 3) : instant.nanos % 1000 === 0 ? digits.slice(0, 6) : digits;
  return `${wholeSeconds}.${fraction}Z`;
}
