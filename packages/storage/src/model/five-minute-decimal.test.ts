import { describe, expect, it } from 'vitest';
import { canonicalFiveMinuteDecimal } from './five-minute-decimal.ts';

describe('canonicalFiveMinuteDecimal', () => {
  it.each([
    ['106289.69300000', '106289.69300000'],
    ['96268.02', '96268.02000000'],
    ['97000', '97000.00000000'],
    ['0', '0.00000000'],
    ['0.5', '0.50000000'],
    ['007.10', '7.10000000'],
    ['000.00000001', '0.00000001'],
    ['4706583953.32646', '4706583953.32646000'],
    ['0.123456780', '0.12345678'],
    ['1.00000000000000000000', '1.00000000'],
    ['123456789012345678901234567890.12345678', '123456789012345678901234567890.12345678'],
  ])('%s -> %s', (input, text) => {
    expect(canonicalFiveMinuteDecimal(input)).toEqual({ ok: true, text });
  });

  it.each([
    ['0.123456789', 'precision-exceeded'],
    ['1.000000001', 'precision-exceeded'],
    ['', 'malformed-value'],
    ['-1.5', 'malformed-value'],
    ['1e5', 'malformed-value'],
    ['.5', 'malformed-value'],
    ['5.', 'malformed-value'],
    [' 1.5', 'malformed-value'],
    ['1,5', 'malformed-value'],
    ['NaN', 'malformed-value'],
    ['1'.repeat(65), 'malformed-value'],
  ])('%s has no canonical form: %s', (input, problem) => {
    expect(canonicalFiveMinuteDecimal(input)).toEqual({ ok: false, problem });
  });
});
