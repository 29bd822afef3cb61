import { underForeignLocale } from '@oi/test-support';
import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  assertDayKey,
  DAY_MS,
  dayKeyOf,
  dayKeysInRange,
  dayRange,
  formatDatetimeUtc,
  formatLegacyDatetimeUtc,
} from './day-key.ts';
import { InvalidDayKeyError, InvalidTimeRangeError } from './errors.ts';

describe('dayKeyOf', () => {
  it.each([
    [Date.UTC(2026, 10, 24, 0, 0, 0, 0), '2026-11-24'],
    [Date.UTC(2026, 10, 24, 23, 59, 59, 999), '2026-11-24'],
    [Date.UTC(2026, 10, 25), '2026-11-25'],
    [Date.UTC(2024, 1, 29, 12), '2024-02-29'],
    [0, '1970-01-01'],
  ])('%d is on %s', (ms, dayKey) => {
    expect(dayKeyOf(ms)).toBe(dayKey);
  });

  it("matches luxon's UTC date for any instant from 1970 to 9999, in any order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(dayKeyOf(ms)).toBe(DateTime.fromMillis(ms, { zone: 'utc' }).toISODate());
      }),
      { numRuns: 2000 },
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Date.UTC(10000, 0, 1)])('rejects %d', (ms) => {
    expect(() => dayKeyOf(ms)).toThrow(InvalidTimeRangeError);
  });
});

describe('assertDayKey', () => {
  it.each(['2026-11-24', '2024-02-29', '1970-01-01', '9999-12-31'])('accepts %s', (dayKey) => {
    expect(assertDayKey(dayKey)).toBe(dayKey);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '1969-12-31',
    '',
    '../2026-11-24',
    '2026-11-24/..',
    '2026-11-24\0',
    '/etc/passwd',
    '2026-11-24T00:00',
  ])('rejects %j', (dayKey) => {
    expect(() => assertDayKey(dayKey)).toThrow(InvalidDayKeyError);
  });
});

describe('dayRange and dayKeysInRange', () => {
  it('gives the half-open UTC day', () => {
    expect(dayRange('2026-11-24')).toEqual({
      startMs: Date.UTC(2026, 10, 24),
      endMs: Date.UTC(2026, 10, 25),
    });
  });

  it.each([
    [Date.UTC(2026, 10, 24), Date.UTC(2026, 10, 25), ['2026-11-24']],
    [Date.UTC(2026, 10, 24), Date.UTC(2026, 10, 25) + 1, ['2026-11-24', '2026-11-25']],
    [Date.UTC(2026, 10, 24, 23), Date.UTC(2026, 10, 26, 1), ['2026-11-24', '2026-11-25', '2026-11-26']],
    [Date.UTC(2026, 10, 24), Date.UTC(2026, 10, 24), []],
  ])('range %d..%d covers %j', (startMs, endMs, keys) => {
    expect(dayKeysInRange({ startMs, endMs })).toEqual(keys);
  });
});

describe('formatDatetimeUtc', () => {
  it.each([
    [Date.UTC(2026, 10, 24, 3, 5), '2026-11-24T03:05:00.000Z', '2026-11-24 03:05:00'],
    [Date.UTC(2026, 0, 1), '2026-01-01T00:00:00.000Z', '2026-01-01 00:00:00'],
    [Date.UTC(2026, 11, 31, 23, 59, 0) + DAY_MS - DAY_MS, '2026-12-31T23:59:00.000Z', '2026-12-31 23:59:00'],
  ])('%d renders as %s', (ms, iso, legacy) => {
    expect(formatDatetimeUtc(ms)).toBe(iso);
    expect(formatLegacyDatetimeUtc(ms)).toBe(legacy);
  });

  it("matches luxon's UTC ISO form for any minute from 1970 to 9999", () => {
    const lastMinute = Math.floor(Date.UTC(9999, 11, 31, 23, 59) / 60_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lastMinute }), (minute) => {
        const ms = minute * 60_000;
        expect(formatDatetimeUtc(ms)).toBe(DateTime.fromMillis(ms, { zone: 'utc' }).toISO());
      }),
      { numRuns: 2000 },
    );
  });

  it('renders instants off the minute grid and runs of one day like luxon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        fc.integer({ min: 0, max: 1439 }),
        (ms, minutes) => {
          const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
          for (const instant of [ms, dayStart, dayStart + minutes * 60_000, dayStart + DAY_MS - 60_000]) {
            expect(formatDatetimeUtc(instant)).toBe(DateTime.fromMillis(instant, { zone: 'utc' }).toISO());
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('day keys and legacy text under a foreign machine locale', () => {
  it('are the same as anywhere, and never load ICU locale data', () => {
    const ms = Date.UTC(2026, 10, 24, 3, 5);
    const { icuLookups, underThai } = underForeignLocale(Settings, () => [
      formatLegacyDatetimeUtc(ms),
      assertDayKey('2024-02-29'),
      dayRange('2026-11-24').startMs,
    ]);
    expect(underThai).toEqual(['2026-11-24 03:05:00', '2024-02-29', Date.UTC(2026, 10, 24)]);
    expect(icuLookups).toBe(0);
  });
});
