import { underForeignLocale } from '@oi/test-support';
import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createLabelParser, parseDayKey } from './day-key.ts';

describe('parseDayKey', () => {
  it.each([
    ['2020-09-01', Date.UTC(2020, 8, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026-06-25', Date.UTC(2026, 5, 25)],
  ])('%s', (day, expected) => {
    expect(parseDayKey(day)).toBe(expected);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-5', '20240105', '2024-01-05T00:00:00Z', ' 2024-01-05', ''])(
    'rejects %j',
    (day) => {
      expect(parseDayKey(day)).toBeUndefined();
    },
  );

  it('reads the same under a foreign machine locale, never loading ICU locale data', () => {
    const { icuLookups, underThai } = underForeignLocale(Settings, () => parseDayKey('2024-02-29'));
    expect(underThai).toBe(Date.UTC(2024, 1, 29));
    expect(icuLookups).toBe(0);
  });
});

describe('createLabelParser', () => {
  const parse = createLabelParser();
  it.each([
    ['2024-02-16 00:00:00', Date.UTC(2024, 1, 16)],
    ['2024-02-16 13:35:00', Date.UTC(2024, 1, 16, 13, 35)],
    ['2024-02-17 00:00:00', Date.UTC(2024, 1, 17)],
    ['2024-02-16 23:59:59', Date.UTC(2024, 1, 16, 23, 59, 59)],
  ])('%s', (label, expected) => {
    expect(parse(label)).toBe(expected);
  });

  it.each([
    '2024-02-16 24:00:00',
    '2024-02-16 12:60:00',
    '2024-02-30 00:00:00',
    '2024-02-16T00:00:00',
    '1708041600000',
    '',
  ])('rejects %j', (label) => {
    expect(parse(label)).toBeUndefined();
  });
});
