import { compareInstants, formatInstant, parseInstant, type Instant } from '../../src/query/instant';

function instant(text: string): Instant {
  const parsed = parseInstant(text);
  if (typeof parsed !== 'object') throw new Error(`${text} did not parse: ${parsed}`);
  return parsed;
}

describe('parseInstant', () => {
  it.each([
    ['2024-01-01T08:00:00Z', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T08:00:00z', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01t08:00:00Z', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T10:00:00+02:00', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T10:00:00+0200', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T10:00:00+02', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T10:00:00 02:00', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T03:30:00-04:30', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T08:00:00+00:00', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T08:00:00-00:00', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T08:00Z', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2024-01-15T10:30:00.5Z', '2024-01-15T10:30:00.500Z'],
    ['2024-01-15T10:30:00,25Z', '2024-01-15T10:30:00.250Z'],
    ['2024-01-15T10:30:00.123Z', '2024-01-15T10:30:00.123Z'],
    ['2024-01-15T10:30:00.123456+00:00', '2024-01-15T10:30:00.123456Z'],
    ['2024-01-15T10:30:00.123456789Z', '2024-01-15T10:30:00.123456789Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('%s is the instant %s', (text, iso) => {
    expect(formatInstant(instant(text))).toBe(iso);
  });

  it('agrees with Date for millisecond instants', () => {
    for (const text of ['2024-01-01T10:00:00+02:00', '1999-12-31T23:59:59.999-08:00', '1970-01-01T00:00:00Z']) {
      const parsed = instant(text);
      expect(parsed.epochSeconds * 1000 + parsed.nanos / 1e6).toBe(Date.parse(text));
    }
  });

  it.each(['2024-01-01T10:00:00', '2024-01-01T10:00', '2024-01-01T10:00:00.123'])('%s has no timezone', (text) => {
    expect(parseInstant(text)).toBe('missing-offset');
  });

  it.each([
    '',
    'yesterday',
    '2024',
    '2024-01',
    '2024-1-01',
    '20240101',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '2023-02-29',
    '1900-02-29T00:00:00Z',
    '2024-04-31',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:60Z',
    '2024-01-01T10:00:00+24:00',
    '2024-01-01T10:00:00+02:60',
    '2024-01-01T10:00:00.Z',
    '2024-01-01T10:00:00.1234567890Z',
    '2024-01-01T10:00:00ZZ',
    '2024-01-01T10:00:00+2:00',
    ' 2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00Z ',
    '2024-01-01 10:00:00Z',
    '1704103200',
  ])('%j is invalid', (text) => {
    expect(parseInstant(text)).toBe('invalid');
  });
});

describe('compareInstants', () => {
  it('compares across offsets as instants', () => {
    expect(compareInstants(instant('2024-01-01T10:00:00+02:00'), instant('2024-01-01T08:00:00Z'))).toBe(0);
    expect(compareInstants(instant('2024-01-01T10:00:01+02:00'), instant('2024-01-01T08:00:00Z'))).toBe(1);
    expect(compareInstants(instant('2024-01-01T09:00:00+02:00'), instant('2024-01-01T08:00:00Z'))).toBe(-1);
  });

  it('keeps sub-millisecond precision (which Date would lose)', () => {
    const a = instant('2024-01-15T10:30:00.123456Z');
    const b = instant('2024-01-15T10:30:00.123457Z');
    expect(compareInstants(a, b)).toBe(-1);
    expect(compareInstants(b, a)).toBe(1);
    expect(compareInstants(a, instant('2024-01-15T10:30:00.123456000Z'))).toBe(0);
  });

  it('orders instants before the epoch', () => {
    expect(compareInstants(instant('1969-12-31T23:59:59.5Z'), instant('1970-01-01T00:00:00Z'))).toBe(-1);
  });
});
