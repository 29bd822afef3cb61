import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalFiveMinuteDecimal, type FiveMinuteDecimal } from './five-minute-decimal.ts';

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

  it('agrees with the regular-expression definition for any short text of digits, dots and signs', () => {
    // The definition the character scan must match: `^(\d+)(\.(\d+))?$`, zeros trimmed, padded to 8.
    const reference = (text: string): FiveMinuteDecimal => {
      const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
      if (match === null || text.length > 64) return { ok: false, problem: 'malformed-value' };
      const integer = match[1]!.replace(/^0+(?=\d)/, '');
      const significant = (match[2] ?? '').replace(/0+$/, '');
      if (significant.length > 8) return { ok: false, problem: 'precision-exceeded' };
      return { ok: true, text: `${integer}.${significant.padEnd(8, '0')}` };
    };
    const texts = fc.array(fc.constantFrom('0', '0', '1', '9', '.', '-', 'e', ' '), { maxLength: 16 });
    fc.assert(
      fc.property(texts, (chars) => {
        const text = chars.join('');
        expect(canonicalFiveMinuteDecimal(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
