import { describe, expect, it } from 'vitest';
import { canonicalDecimal, isPlainDecimal, isZeroDecimal } from './canonical-decimal.ts';

describe('canonicalDecimal', () => {
  it.each([
    ['106289.69300000', '106289.693'],
    ['106289.693', '106289.693'],
    ['96268.02', '96268.02'],
    ['5578700.00000000', '5578700'],
    ['5578700', '5578700'],
    ['5578700.', '5578700'],
    ['0', '0'],
    ['0.00000000', '0'],
    ['000', '0'],
    ['000.50', '0.5'],
    ['0.00001000', '0.00001'],
    ['007', '7'],
    ['10', '10'],
    ['100.0', '100'],
    ['4706583953.32646', '4706583953.32646'],
    [
      '123456789012345678901234567890.123456789012345678901',
      '123456789012345678901234567890.123456789012345678901',
    ],
  ])('%s -> %s', (text, expected) => {
    expect(canonicalDecimal(text)).toBe(expected);
  });

  it.each([
    [''],
    [' '],
    ['.'],
    ['.5'],
    ['-1.5'],
    ['+1.5'],
    ['1e5'],
    ['1.5E-3'],
    [' 1.5'],
    ['1.5 '],
    ['1,5'],
    ['1.2.3'],
    ['NaN'],
    ['Infinity'],
    ['0x10'],
    ['１２'],
  ])('rejects %j', (text) => {
    expect(canonicalDecimal(text)).toBeUndefined();
  });

  it('makes the API and the archive forms of one value equal', () => {
    expect(canonicalDecimal('106289.69300000')).toBe(canonicalDecimal('106289.693'));
    expect(canonicalDecimal('18265.00911826')).not.toBe(canonicalDecimal('18265.0091182'));
  });
});

describe('isPlainDecimal and isZeroDecimal', () => {
  // Every text of up to five characters from an alphabet that covers each rule.
  const alphabet = ['0', '1', '.', '-', ' ', 'e'];
  const texts: string[] = [''];
  for (let length = 1; length <= 5; length++) {
    for (const text of texts.filter((t) => t.length === length - 1)) {
      for (const char of alphabet) texts.push(text + char);
    }
  }

  it('say what canonicalDecimal says, without building the text', () => {
    for (const text of texts) {
      const canonical = canonicalDecimal(text);
      expect(isPlainDecimal(text), JSON.stringify(text)).toBe(canonical !== undefined);
      if (canonical !== undefined) expect(isZeroDecimal(text), text).toBe(canonical === '0');
    }
  });
});
