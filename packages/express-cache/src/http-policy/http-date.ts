/**
 * HTTP-date (RFC 9110 section 5.6.7), parsed strictly: the preferred
 * IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms a
 * recipient must accept, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
 * asctime (`Sun Nov  6 08:49:37 1994`). Names are matched case-insensitively;
 * anything else (another time zone, a two-digit year in IMF-fixdate, extra
 * spaces) is invalid. `Date.parse` accepts far more, which is why it is not used.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAYS = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} gmt$`, 'i');
const RFC850 = new RegExp(`^${LONG_DAYS}, (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} gmt$`, 'i');
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/** Milliseconds since the epoch, or `undefined` when `value` is not a valid HTTP-date. */
export function parseHttpDate(value: string | readonly string[] | number | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  let match = IMF_FIXDATE.exec(value);
  if (match !== null) return utc(Number(match[3]), match[2], match[1], match[4], match[5], match[6]);
  match = RFC850.exec(value);
  if (match !== null) return utc(fullYear(Number(match[3]), now), match[2], match[1], match[4], match[5], match[6]);
  match = ASCTIME.exec(value);
  if (match !== null) return utc(Number(match[6]), match[1], match[2].trim(), match[3], match[4], match[5]);
  return undefined;
}

/** Formats `ms` as an IMF-fixdate. */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** A two-digit year more than 50 years in the future is in the past century (RFC 9110 section 5.6.7). */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

function utc(year: number, month: string, day: string, hours: string, minutes: string, seconds: string): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const d = Number(day);
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds);
  if (d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, d, h, m, Math.min(s, 59));
  // Reject dates that do not exist (31 Feb rolls over into March).
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}
