import { underForeignLocale } from '@oi/test-support';
import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDecimal, formatPercent, formatUtcMinute } from './format.ts';

describe('formatPercent', () => {
  it.each([
    [100, '100%'],
    [99.99, '99.9%'],
    [50, '50.0%'],
    [0.04, '<0.1%'],
    [0, '0%'],
  ])('%d -> %s (only a complete series reads 100%%)', (percent, text) => {
    expect(formatPercent(percent)).toBe(text);
  });
});

describe('formatDecimal', () => {
  it.each([
    ['7712345678.12345678', '7,712,345,678.12345678'],
    ['81234.5670', '81,234.5670'],
    ['999', '999'],
    ['-1234.5', '-1,234.5'],
    ['0.00001', '0.00001'],
  ])('%s -> %s (digits kept as stored)', (decimal, text) => {
    expect(formatDecimal(decimal)).toBe(text);
  });
});

describe('formatUtcMinute', () => {
  it('prints the UTC minute', () => {
    expect(formatUtcMinute(Date.UTC(2026, 10, 24, 3, 5, 59))).toBe('2026-11-24 03:05');
  });

  it('prints Latin digits and Gregorian years under a foreign machine locale', () => {
    const { icuLookups, underThai } = underForeignLocale(Settings, () =>
      formatUtcMinute(Date.UTC(2026, 10, 24, 3, 5)),
    );
    expect(underThai).toBe('2026-11-24 03:05');
    expect(icuLookups).toBe(0);
  });
});
